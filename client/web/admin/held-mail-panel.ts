/**
 * The dashboard's part in the mail copies a crash left uncertain
 * (`MAIL_UNCERTAIN_COPIES=hold`, runtime/mail-claims.ts): the cycle page lists
 * the cycle's held copies, and a steward answers each with one button, as
 * `cascade mail arrived|resend` does. The card is absent when nothing is held.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { cycleWorkflowId, parseWorkflowId } from '../../../domain/ids';
import type { ClaimDecision, MailClaims } from '../../../runtime/mail-claims';
import { html, type SafeHtml } from '../../../runtime/html';
import { formatVnShortDateTime } from '../../../runtime/vn-format';
import { UsageError } from '../../shared/cascade-file';
import { answerHeldCopies, HELD_ID_LENGTH, listHeldCopies, type HeldCopy } from '../../shared/held-mail';
import type { CycleContext, Flash, Viewer } from './views';

/**
 * @param claims the deployment's claims
 * @param cascadeId the cascade
 * @param year the cycle's year
 * @returns the held copies sent by the cycle or one of its units, oldest first
 */
export async function heldMailOfCycle(claims: MailClaims, cascadeId: string, year: number): Promise<HeldCopy[]> {
  const cycle = cycleWorkflowId(cascadeId, year);
  return (await listHeldCopies(claims)).filter((c) => c.workflowId === cycle || c.workflowId.startsWith(`${cycle}/`));
}

const ANSWERED_VI: Record<ClaimDecision, string> = { arrived: 'Đã trả lời: thư đã đến (không gửi lại)', resend: 'Đã trả lời: gửi lại' };

/**
 * @param c the cycle
 * @param held its held copies
 * @param viewer who looks (for the forms' CSRF token)
 * @param steward whether the viewer may answer
 * @returns the card, or '' when nothing is held
 */
export function heldMailCard(c: CycleContext, held: readonly HeldCopy[], viewer: Viewer, steward: boolean): SafeHtml | '' {
  if (held.length === 0) return '';
  const unit = (workflowId: string) => {
    const p = parseWorkflowId(workflowId);
    return p?.kind === 'unit' ? html`<a href="/admin/c/${c.cascadeId}/${c.year}/u/${p.unitId}">${c.unitName(p.unitId)}</a>` : html`cả chu kỳ`;
  };
  const answerForm = (copy: HeldCopy, answer: ClaimDecision, label: string) =>
    html`<form method="post" action="/admin/c/${c.cascadeId}/${c.year}/thu-cho/${copy.id}/${answer}" class="inline"><input type="hidden" name="_csrf" value="${viewer.csrf}"><button type="submit">${label}</button></form>`;
  return html`<div class="card" id="thu-cho"><h2>Thư chưa rõ đã đến hay chưa (${held.length})</h2>
<p>Hệ thống gặp sự cố đúng lúc đang gửi các thư dưới đây, nên không biết người nhận đã có thư hay chưa. Thư được giữ lại, không gửi lặp. Vui lòng hỏi người nhận (điện thoại, tin nhắn), rồi trả lời; chưa ai trả lời thì thư tự gửi lại sau thời hạn giữ.</p>
<table><thead><tr><th>Mã</th><th>Đơn vị</th><th>Loại thư</th><th>Giữ từ</th><th>Trả lời</th></tr></thead><tbody>
${held.map(
  (copy) => html`<tr><td><code>${copy.id}</code></td><td>${unit(copy.workflowId)}</td><td>${copy.kindLabel}</td><td>${formatVnShortDateTime(copy.heldAt)}</td><td>${
    copy.decision
      ? ANSWERED_VI[copy.decision]
      : steward
        ? html`${answerForm(copy, 'arrived', 'Người nhận đã có thư')} ${answerForm(copy, 'resend', 'Chưa có: gửi lại')}`
        : html`<span class="muted">chờ người điều hành trả lời</span>`
  }</td></tr>`,
)}
</tbody></table></div>`;
}

type AnswerParams = { cascadeId: string; year: string; id: string; answer: string };

/** What the panel's route needs from the dashboard's routes. */
export interface HeldMailRouteDeps {
  claims: MailClaims;
  csrf: preHandlerHookHandler;
  /** Signed in as a steward of this cascade: else the answer is sent and undefined returned. */
  gateSteward(req: FastifyRequest<{ Params: AnswerParams }>, reply: FastifyReply): Promise<{ username: string } | undefined>;
  flash(req: FastifyRequest, flash: Flash): void;
}

/**
 * Registers POST /admin/c/:cascadeId/:year/thu-cho/:id/(arrived|resend).
 * @param app the dashboard's encapsulated instance
 * @param deps claims, CSRF check, gate and flash of the dashboard
 */
export function heldMailRoutes(app: FastifyInstance, deps: HeldMailRouteDeps): void {
  app.post<{ Params: AnswerParams }>('/admin/c/:cascadeId/:year/thu-cho/:id/:answer', { preHandler: deps.csrf }, async (req, reply) => {
    const who = await deps.gateSteward(req, reply);
    if (!who) return reply;
    const { cascadeId, id, answer } = req.params;
    const year = Number(req.params.year);
    const back = `/admin/c/${cascadeId}/${year}#thu-cho`;
    let flash: Flash;
    if ((answer !== 'arrived' && answer !== 'resend') || !new RegExp(`^[0-9a-f]{${HELD_ID_LENGTH}}$`).test(id)) {
      flash = { ok: false, text: 'Chưa thực hiện: địa chỉ trả lời không hợp lệ.' };
    } else if (!(await heldMailOfCycle(deps.claims, cascadeId, year)).some((c) => c.id === id)) {
      flash = { ok: false, text: `Chưa thực hiện: thư ${id} không còn chờ trong chu kỳ này (có thể đã được gửi hoặc đã có người trả lời).` };
    } else {
      try {
        await answerHeldCopies(deps.claims, [id], answer, new Date());
        req.log.info({ user: who.username, cascadeId, year, heldMail: id, answer }, 'admin answered a held mail');
        flash = { ok: true, text: answer === 'arrived' ? `Đã ghi: thư ${id} đã đến, sẽ không gửi lại.` : `Thư ${id} sẽ được gửi lại trong vòng một phút.` };
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        flash = { ok: false, text: `Chưa thực hiện: ${err.message}` };
      }
    }
    deps.flash(req, flash);
    return reply.redirect(back, 303);
  });
}
