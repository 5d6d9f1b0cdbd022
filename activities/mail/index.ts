/**
 * The mail activity. It mints the signed action link while sending (tokens never
 * enter workflow history), renders the Vietnamese template and hands it to SMTP
 * with a deterministic Message-ID. With a sent-mail ledger (./sent-ledger.ts) a
 * retried attempt skips the messages SMTP already accepted; with
 * `MAIL_UNCERTAIN_COPIES=hold` it also holds, for an admin's answer, a copy a
 * crash may have sent just before the ledger recorded it (./uncertain-copies.ts).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { ERROR_TYPES } from '../../domain/errors';
import { NOTIFICATION_KINDS, type Notification } from '../../domain/notifications';
import type { TokenSigner } from '../../runtime/action-tokens';
import type { SmtpConfig } from '../../runtime/config';
import { messageIdFor } from './message-id';
import { toActivityError } from './smtp-errors';
import { renderMail, TEMPLATES, type MailLink } from './templates';
import { addressLine } from './templates/recipient';
import { createSmtpTransport } from './transport';
import { renderReportDocx } from '../../runtime/report/docx';
import { finalReportMailParts } from '../../domain/report/mail-parts';
import type { ReportDocument } from '../../domain/report/model';
import type { SentMailLedger } from '../../runtime/sent-mail-ledger';
import { sentLedgerGuard } from './sent-ledger';
import type { MailClaims } from '../../runtime/mail-claims';
import { copyClaims, heldFailure, type UncertainCopyPolicy } from './uncertain-copies';
import { claimInStream, withClaim } from './claim-in-stream';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export { messageIdFor, MESSAGE_ID_DOMAIN } from './message-id';
export { classifySmtpError, PERMANENT_SMTP_ERROR } from './smtp-errors';
export { createSmtpTransport } from './transport';

/** Error type of notifications that can never be sent (bad input from the workflow). */
export const INVALID_NOTIFICATION_ERROR = ERROR_TYPES.InvalidNotification;

/** The activities this module provides; workflows `proxyActivities<MailActivities>()`. */
export interface MailActivities {
  /**
   * Sends one notification (with a ledger, only the copies this workflow run has not sent yet).
   * @returns the Message-ID, the same on every retry of the same notification
   * @throws ApplicationFailure (non-retryable) when the server refuses permanently; Error when transient
   */
  sendNotification(n: Notification): Promise<{ messageId: string }>;
}

/** Dependencies of {@link createMailActivities}. */
export interface MailDeps {
  /** A nodemailer transport (tests); otherwise one is created from `smtp`. */
  transport?: Transporter;
  smtp?: SmtpConfig;
  /** Sender; defaults to `smtp.from`. */
  from?: { address: string; name: string };
  /** Absolute base of links, e.g. https://chidao.example.gov.vn. */
  publicBaseUrl: string;
  tokenSigner: TokenSigner;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /** Link validity when the notification sets no `linkExpiresAt`. */
  linkTtlDays?: number;
  /** Shown in the footer of every mail. */
  supportContact?: string;
  /** Builds a body's report as it stands (for `attachReportOf`); the worker reads it through queries. */
  reportOf?: (ref: NonNullable<Notification['attachReportOf']>) => Promise<ReportDocument>;
  /** Messages already handed to SMTP, shared by every worker process (./sent-ledger.ts); absent: none kept. */
  ledger?: SentMailLedger;
  /** How long a failed ledger write after SMTP accepted is tried again (./sent-ledger.ts RECORD_RETRY_MS). */
  ledgerRecordRetryMs?: number;
  /** Claims on copies being handed to SMTP (./uncertain-copies.ts); used only when `uncertainCopies` says hold. */
  claims?: MailClaims;
  /** What a retry does with a copy a crash left uncertain; default: send it again. */
  uncertainCopies?: UncertainCopyPolicy;
}

const DAY_MS = 86_400_000;

/**
 * @returns the mail activities, bound to their dependencies
 */
export function createMailActivities(deps: MailDeps): MailActivities {
  const transport = deps.transport ?? (deps.smtp ? createSmtpTransport(deps.smtp) : undefined);
  if (!transport) throw new Error('createMailActivities needs a transport or smtp config');
  const from = deps.from ?? deps.smtp?.from;
  if (!from) throw new Error('createMailActivities needs a sender (from, or smtp.from)');
  const clock = deps.clock ?? Date.now;
  claimInStream(transport);
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const ttlMs = (deps.linkTtlDays ?? 30) * DAY_MS;

  function invalid(message: string): ApplicationFailure {
    return ApplicationFailure.create({ type: INVALID_NOTIFICATION_ERROR, message, nonRetryable: true });
  }

  function mintLink(n: Notification): MailLink | undefined {
    if (!n.task) return undefined;
    const now = clock();
    const expiresMs = n.linkExpiresAt ? Date.parse(n.linkExpiresAt) : now + ttlMs;
    if (Number.isNaN(expiresMs)) throw invalid(`linkExpiresAt is not an ISO instant: ${n.linkExpiresAt}`);
    const token = deps.tokenSigner.sign({
      workflowId: n.workflowId,
      task: n.task,
      revision: n.revision,
      recipientHash: deps.tokenSigner.recipientHash(n.to.email),
      issuedAt: Math.floor(now / 1000),
      expiresAt: Math.floor(expiresMs / 1000),
      sequence: n.sequence.slice(0, 64),
    });
    return { url: `${base}/a/${token}`, expiresAt: new Date(expiresMs).toISOString() };
  }

  /**
   * Renders one mail to `to` (and `cc`), with the link signed for `to` alone;
   * a report travels as the .docx officials sign and file.
   */
  async function compose(n: Notification, messageId: string, report: ReportDocument | undefined): Promise<SendMailOptions> {
    // A report built at send time brings its own figures and missing units to the mail text.
    const shown = report && !n.lines ? { ...n, ...finalReportMailParts(report, n.note) } : n;
    const content = TEMPLATES[n.kind](shown, mintLink(n));
    const mail = renderMail(content, {
      to: n.to,
      unitName: n.unitName,
      addressLine: addressLine(n),
      systemName: from!.name,
      ...(deps.supportContact ? { supportContact: deps.supportContact } : {}),
    });
    const attachments = report ? [{ filename: `${report.fileName}.docx`, content: await renderReportDocx(report), contentType: DOCX_MIME }] : undefined;
    return {
      from: { name: from!.name, address: from!.address },
      to: { name: n.to.name, address: n.to.email },
      ...(n.cc?.length ? { cc: n.cc.map((c) => ({ name: c.name, address: c.email })) } : {}),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId,
      ...(attachments ? { attachments } : {}),
      headers: {
        // Out-of-office robots must not answer a system mail.
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
      },
    };
  }

  return {
    async sendNotification(n) {
      if (!NOTIFICATION_KINDS.includes(n.kind)) throw invalid(`unknown notification kind: ${String(n.kind)}`);
      if (!n.to?.email) throw invalid('notification has no recipient email');
      const messageId = messageIdFor(n);
      // A mail with an action link: every person who may act (the head and each
      // substitute) gets their own mail with a link signed for their own address,
      // so the one who acts is recorded as themselves. Each keeps its own
      // deterministic Message-ID, so a retry re-sends the same messages.
      const copies: Array<{ mail: Notification; messageId: string }> =
        !n.task || !n.cc?.length
          ? [{ mail: n, messageId }]
          : [
              { mail: { ...n, cc: [] }, messageId },
              ...n.cc.map((person, i) => ({ mail: { ...n, to: person, cc: [] }, messageId: messageIdFor({ ...n, sequence: `${n.sequence}/cc${i + 1}` }) })),
            ];
      const ledger = sentLedgerGuard(deps.ledger, clock, deps.ledgerRecordRetryMs === undefined ? {} : { recordRetryMs: deps.ledgerRecordRetryMs });
      const claims = copyClaims(deps.claims, deps.uncertainCopies ?? { uncertainCopies: 'resend', holdMaxHours: 24 }, clock);
      // Built once, and only when a copy still has to go (a retry may find them all sent).
      let report: Promise<ReportDocument | undefined> | undefined;
      let held: { count: number; since: Date } | undefined;
      for (const copy of copies) {
        // Each copy is checked and recorded on its own: a retry after a partial send
        // (a crash or an SMTP failure between copies) sends only the missing ones.
        if (await ledger?.alreadySent(copy.messageId)) continue;
        const step = (await claims?.stepFor(copy.messageId)) ?? { step: 'send' };
        if (step.step === 'held') {
          // The other copies still go; this attempt fails at the end and is tried again.
          held = { count: (held?.count ?? 0) + 1, since: held && held.since < step.since ? held.since : step.since };
          continue;
        }
        if (step.step === 'send') {
          report ??= n.report ? Promise.resolve(n.report) : n.attachReportOf && deps.reportOf ? deps.reportOf(n.attachReportOf) : Promise.resolve(undefined);
          const message = await compose(copy.mail, copy.messageId, await report);
          // Claimed once a connection has taken the mail, before its last line (./claim-in-stream.ts):
          // a crash before that leaves nothing uncertain.
          const claim = claims ? () => claims.claim({ workflowId: n.workflowId, kind: n.kind, messageId: copy.messageId }) : undefined;
          try {
            await transport.sendMail(withClaim(message, claim));
          } catch (err) {
            await claims?.release(copy.messageId);
            throw toActivityError(err, `sending ${n.kind} to ${n.workflowId}`);
          }
        }
        // Sent now, or it arrived before the crash (an admin asked the recipient).
        await ledger?.recordSent(copy.messageId);
        await claims?.release(copy.messageId);
      }
      if (held) throw heldFailure(held);
      return { messageId };
    },
  };
}
