/**
 * `cascade mail held|arrived|resend`: the mail copies a crash left uncertain,
 * held for an admin's answer when `MAIL_UNCERTAIN_COPIES=hold` (see
 * runtime/mail-claims.ts). The admin asks the recipient whether the mail came,
 * then answers; the worker acts on the answer within a minute. Needs no
 * Temporal connection: the claims live next to the sent-mail ledger.
 */
import type { Command } from 'commander';
import type { MailClaims } from '../../../runtime/mail-claims';
import { openMailClaims } from '../../../runtime/sent-mail-ledger-open';
import { formatVnShortDateTime } from '../../../runtime/vn-format';
import { UsageError } from '../../shared/cascade-file';
import { answerHeldCopies, listHeldCopies, type HeldCopy } from '../../shared/held-mail';
import { out } from '../output';
import { loadCliConfig } from '../with-client';

const ANSWER_VI: Record<string, string> = { arrived: 'đã trả lời: thư đã đến', resend: 'đã trả lời: gửi lại' };

async function withClaims<T>(fn: (claims: MailClaims, policy: string) => Promise<T>): Promise<T> {
  const config = loadCliConfig();
  const claims = openMailClaims(config);
  try {
    return await fn(claims, config.mail.uncertainCopies);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // The store itself failed (PostgreSQL down, folder unreadable): say where, without a stack.
    throw new UsageError(`không đọc được danh sách thư chờ (${config.snapshots.postgresUrl ? 'PostgreSQL của SNAPSHOT_STORE_URL' : 'thư mục dữ liệu'}): ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await claims.close();
  }
}

/**
 * @param c one held copy
 * @returns its line: id, workflow, kind, held since, answer
 */
export function heldLine(c: HeldCopy): string {
  return [c.id, c.workflowId, c.kindLabel, `chờ từ ${formatVnShortDateTime(c.heldAt)}`, c.decision ? ANSWER_VI[c.decision] : 'chưa trả lời'].join('\t');
}

/** Registers `mail held|arrived|resend`. */
export function registerMail(program: Command): void {
  const mail = program.command('mail').description('thư chưa rõ đã đến hay chưa sau một sự cố (khi MAIL_UNCERTAIN_COPIES=hold): xem và trả lời');

  mail
    .command('held')
    .description('liệt kê các thư đang chờ quản trị viên trả lời (hỏi người nhận đã nhận được chưa)')
    .option('--json', 'in dạng JSON')
    .action(async (o: { json?: boolean }) => {
      await withClaims(async (claims, policy) => {
        const held = await listHeldCopies(claims);
        if (o.json) return out(`${JSON.stringify(held, null, 2)}\n`);
        if (held.length === 0) {
          return out(policy === 'hold' ? 'không có thư nào đang chờ\n' : 'không có thư nào đang chờ (MAIL_UNCERTAIN_COPIES=resend: thư chưa rõ được gửi lại ngay, không giữ lại)\n');
        }
        await out(`${held.map(heldLine).join('\n')}\n`);
        await out(`${held.length} thư đang chờ. Hỏi người nhận, rồi: cascade mail arrived <mã> (đã nhận, không gửi lại) hoặc cascade mail resend <mã> (gửi lại)\n`);
      });
    });

  const answer = (name: 'arrived' | 'resend', description: string, done: string) =>
    mail
      .command(`${name} <ids...>`)
      .description(description)
      .action(async (ids: string[]) => {
        await withClaims(async (claims) => {
          const answered = await answerHeldCopies(claims, ids, name, new Date());
          await out(`${answered.map((c) => `${c.id}\t${c.workflowId}\t${c.kindLabel}\t${done}`).join('\n')}\n`);
        });
      });
  answer('arrived', 'ghi nhận người nhận đã có thư: thư sẽ không được gửi lại', 'đã ghi: thư đã đến, sẽ không gửi lại');
  answer('resend', 'người nhận chưa có thư: gửi lại (trong vòng một phút)', 'sẽ được gửi lại trong vòng một phút');
}
