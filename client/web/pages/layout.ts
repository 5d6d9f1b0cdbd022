/** The HTML shell of every page: lang="vi", phone viewport, one external stylesheet, no script. */
import { html, type SafeHtml } from '../../../runtime/html';

/** Text the layout needs. */
export interface PageChrome {
  systemName: string;
  supportContact?: string;
}

/** @returns a complete HTML document */
export function page(title: string, body: SafeHtml, chrome: PageChrome): string {
  return html`<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} – ${chrome.systemName}</title>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<a class="skip" href="#main">Bỏ qua, tới nội dung chính</a>
<header class="site"><p>${chrome.systemName}</p></header>
<main id="main">
${body}
</main>
<footer><p>Trang này không yêu cầu đăng nhập: đường liên kết trong thư là quyền thao tác của riêng người nhận, vui lòng không chia sẻ.${chrome.supportContact ? ` Cần hỗ trợ: ${chrome.supportContact}.` : ''}</p></footer>
</body>
</html>`.value;
}
