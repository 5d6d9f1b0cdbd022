/**
 * The HTML shell of every page, the unit heads' and the dashboard's alike:
 * lang="vi", phone viewport, one external stylesheet, a skip link, no script.
 */
import { html, type HtmlValue, type SafeHtml } from '../../../runtime/html';

/** What differs between the sites that share the shell. */
export interface Shell {
  /** Ends every page title ("… – <siteName>"). */
  siteName: string;
  /** Path of the one stylesheet (the CSP forbids inline styles). */
  stylesheet: string;
  /** The banner above the content. */
  header: SafeHtml;
  footer?: SafeHtml;
}

/**
 * @param title the page's own title
 * @param body the content of <main>
 * @param shell the site's banner, stylesheet and footer
 * @returns a complete HTML document
 */
export function layout(title: string, body: HtmlValue, shell: Shell): string {
  return html`<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} – ${shell.siteName}</title>
<link rel="stylesheet" href="${shell.stylesheet}">
</head>
<body>
<a class="skip" href="#main">Bỏ qua, tới nội dung chính</a>
${shell.header}
<main id="main">
${body}
</main>
${shell.footer ?? ''}
</body>
</html>`.value;
}

/** Text the unit heads' pages need. */
export interface PageChrome {
  systemName: string;
  supportContact?: string;
}

/**
 * @param title the page's own title
 * @param body the content
 * @param chrome the system's name and support contact
 * @returns a complete page of the unit heads' site (reached by signed links)
 */
export function page(title: string, body: SafeHtml, chrome: PageChrome): string {
  return layout(title, body, {
    siteName: chrome.systemName,
    stylesheet: '/static/site.css',
    header: html`<header class="site"><p>${chrome.systemName}</p></header>`,
    footer: html`<footer><p>Trang này không yêu cầu đăng nhập: đường liên kết trong thư là quyền thao tác của riêng người nhận, vui lòng không chia sẻ.${chrome.supportContact ? ` Cần hỗ trợ: ${chrome.supportContact}.` : ''}</p></footer>`,
  });
}
