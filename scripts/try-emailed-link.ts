/**
 * Acts as one unit head on a running stack (`npm start` or `npm run start:cluster`):
 * reads the mail catcher, opens the first plan-drafting link not used yet in
 * headless Chromium (Debian `chromium`, through playwright-core), fills the plan
 * form and submits it, and prints what the confirmation page says. It is the
 * manual "click the link in the mail" step, scripted so a fresh install can be
 * checked end to end from a terminal:
 *
 *   npx tsx scripts/try-emailed-link.ts
 *
 * Reads MAIL_CATCHER_WEB_PORT and PUBLIC_BASE_URL like the launchers.
 * Exit code 0 when a plan was accepted, 1 otherwise (with one line saying why).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

interface CaughtMail {
  subject: string;
  text?: string;
  to: Array<{ address: string }>;
}

const DRAFT_SUBJECT = 'Đề nghị xây dựng kế hoạch';
const FORM_HEADING = 'Xây dựng kế hoạch của đơn vị';
const ACCEPTED_HEADING = 'Đã ghi nhận';

/** @returns the signed action links of the plan-drafting mails, oldest first */
async function draftLinks(catcherUrl: string, baseUrl: string): Promise<Array<{ link: string; subject: string }>> {
  const res = await fetch(`${catcherUrl}/api/email`);
  if (!res.ok) throw new Error(`the mail catcher at ${catcherUrl} answered ${res.status}`);
  const mails = (await res.json()) as CaughtMail[];
  const linkPattern = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/a/[^\\s)>\\]]+`);
  return mails
    .filter((m) => m.subject.startsWith(DRAFT_SUBJECT))
    .flatMap((m) => {
      const link = m.text?.match(linkPattern)?.[0];
      return link ? [{ link, subject: m.subject }] : [];
    });
}

async function main(): Promise<number> {
  const catcherUrl = `http://127.0.0.1:${process.env.MAIL_CATCHER_WEB_PORT ?? '1080'}`;
  const baseUrl = (process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const links = await draftLinks(catcherUrl, baseUrl);
  if (links.length === 0) {
    process.stderr.write(`no plan-drafting mail with a link to ${baseUrl} in the mail catcher yet (${catcherUrl})\n`);
    return 1;
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'dc-try-link-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 375, height: 740 },
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await context.newPage();
    for (const { link, subject } of links) {
      await page.goto(link);
      if ((await page.textContent('h1'))?.trim() !== FORM_HEADING) continue; // used already, or not this unit's turn
      const unit = subject.split(' – ').pop() ?? subject;
      await page.getByLabel('Số, ký hiệu kế hoạch').fill('01/KH-THU');
      await page.getByLabel('Trích yếu').fill('Kế hoạch thực hiện Chỉ thị số 21-CT/TW');
      await page.getByLabel('Nội dung tóm tắt').fill('Kế hoạch gửi thử qua đường dẫn trong thư.');
      await page.getByLabel(/^II\.1\./).fill('Hội nghị quán triệt Chỉ thị 21-CT/TW');
      await page.getByRole('button', { name: 'Gửi kế hoạch' }).click();
      await page.waitForLoadState();
      const heading = (await page.textContent('h1'))?.trim();
      const said = (await page.textContent('main'))?.replace(/\s+/g, ' ').trim();
      process.stdout.write(`${unit}: ${heading} — ${said}\n`);
      return heading === ACCEPTED_HEADING ? 0 : 1;
    }
    process.stderr.write(`none of the ${links.length} plan-drafting links opens a plan form any more (all used)\n`);
    return 1;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`try-emailed-link: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
