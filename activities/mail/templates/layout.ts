/**
 * Wraps {@link MailContent} into the HTML and plain-text bodies. Table layout and
 * inline styles are what mail clients render reliably (no external CSS, no script).
 */
import { html, type SafeHtml } from '../../../runtime/html';
import { formatVnDateTime } from '../../../runtime/vn-format';
import type { Recipient } from '../../../domain/notifications';
import type { MailContent } from './content';

/** What the layout needs beside the content. */
export interface LayoutContext {
  to: Recipient;
  unitName: string;
  systemName: string;
  supportContact?: string;
  /** "Kính gửi: …" as the template decided it (recipient's position and organisation). */
  addressLine?: string;
}

/** A ready email body pair and its subject. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

function greeting(ctx: LayoutContext): string {
  return ctx.addressLine ?? `Kính gửi: ${ctx.to.title ? `${ctx.to.name} – ${ctx.to.title}` : ctx.to.name}, ${ctx.to.organisation ?? ctx.unitName}`;
}

function linkNotice(expiresAt: string): string {
  return `Đường liên kết trên dành riêng cho người nhận thư này, có hiệu lực đến ${formatVnDateTime(expiresAt)}; vui lòng không chuyển tiếp thư. Khi liên kết hết hạn, thư nhắc việc tiếp theo sẽ kèm liên kết mới.`;
}

function footer(ctx: LayoutContext): string {
  const contact = ctx.supportContact ? ` Cần hỗ trợ, vui lòng liên hệ: ${ctx.supportContact}.` : '';
  return `Thư này được gửi tự động từ ${ctx.systemName}; vui lòng không trả lời thư này.${contact}`;
}

/** @returns the subject, HTML and text bodies of one email */
export function renderMail(content: MailContent, ctx: LayoutContext): RenderedMail {
  const font = 'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.55;color:#1a1a1a';
  const body: SafeHtml = html`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${content.subject}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#ffffff;border-top:4px solid #b91c1c">
<tr><td style="padding:20px 24px;${font}">
<p style="margin:0 0 4px;font-size:13px;color:#4b5563;text-transform:uppercase;letter-spacing:.03em">${ctx.systemName}</p>
<h1 style="margin:0 0 16px;font-size:19px;color:#111827">${content.subject}</h1>
<p style="margin:0 0 12px"><strong>${greeting(ctx)}</strong></p>
${content.paragraphs.map((p) => html`<p style="margin:0 0 12px">${p}</p>`)}
${content.quote ? html`<p style="margin:0 0 4px"><strong>${content.quote.label}</strong></p><blockquote style="margin:0 0 12px;padding:8px 12px;border-left:4px solid #9ca3af;background:#f9fafb;white-space:pre-wrap">${content.quote.text}</blockquote>` : ''}
${content.lines?.length ? html`<ul style="margin:0 0 12px;padding-left:20px">${content.lines.map((l) => html`<li>${l}</li>`)}</ul>` : ''}
${content.action ? html`<p style="margin:20px 0"><a href="${content.action.url}" style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${content.action.label}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#374151">Nếu nút trên không mở được, sao chép đường liên kết sau vào trình duyệt:<br><a href="${content.action.url}" style="color:#1d4ed8;word-break:break-all">${content.action.url}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#374151">${linkNotice(content.action.expiresAt)}</p>` : ''}
<p style="margin:16px 0 0">Trân trọng./.</p>
</td></tr>
<tr><td style="padding:12px 24px;border-top:1px solid #e5e7eb;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#4b5563">${footer(ctx)}</td></tr>
</table></td></tr></table>
</body></html>`;

  const text = [
    content.subject.toUpperCase(),
    '',
    greeting(ctx),
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.quote ? [content.quote.label, ...content.quote.text.split('\n').map((l) => `> ${l}`), ''] : []),
    ...(content.lines?.length ? [...content.lines.map((l) => `- ${l}`), ''] : []),
    ...(content.action ? [`${content.action.label}:`, content.action.url, '', linkNotice(content.action.expiresAt), ''] : []),
    'Trân trọng./.',
    '',
    '--',
    footer(ctx),
  ].join('\n');

  return { subject: content.subject, html: body.value, text };
}
