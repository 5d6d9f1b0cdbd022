/**
 * The only stylesheet, served from /static/site.css so the CSP can forbid inline
 * styles. Mobile first, system fonts, WCAG AA contrast, visible focus.
 */
export const SITE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:106.25%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.55;color:#111827;background:#f3f4f6}
a{color:#1d4ed8}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:1}
header.site{background:#991b1b;color:#fff;padding:12px 16px}
header.site p{margin:0;font-size:.9rem;letter-spacing:.02em;text-transform:uppercase}
main{max-width:44rem;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:6px;padding:16px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 12px}
h2{font-size:1.1rem;margin:20px 0 8px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}
dl.facts dt{font-weight:600;color:#374151}dl.facts dd{margin:0}
label,.label{display:block;font-weight:600;margin:16px 0 4px}
.hint{display:block;font-weight:400;color:#4b5563;font-size:.9rem}
input[type=text],input[type=number],textarea{width:100%;font:inherit;padding:10px;border:1px solid #6b7280;border-radius:4px;background:#fff;color:#111827}
textarea{min-height:7rem}
fieldset{border:1px solid #d1d5db;border-radius:4px;margin:16px 0;padding:8px 12px}
legend{font-weight:600;padding:0 4px}
.choice{display:inline-flex;align-items:center;gap:6px;margin-right:16px;font-weight:400}
button{font:inherit;font-weight:600;padding:12px 20px;border-radius:4px;border:2px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer;min-height:44px;margin:16px 12px 0 0}
button.secondary{background:#fff;color:#1d4ed8}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.error{color:#b91c1c;font-weight:600}
[aria-invalid=true]{border-color:#b91c1c;border-width:2px}
.notice{border-left:6px solid #1d4ed8}.notice.ok{border-color:#15803d}.notice.warn{border-color:#b45309}.notice.bad{border-color:#b91c1c}
.errors{border:2px solid #b91c1c;border-radius:4px;padding:8px 12px;background:#fef2f2}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px;border-bottom:1px solid #e5e7eb;vertical-align:top}
footer{max-width:44rem;margin:0 auto;padding:0 16px 24px;color:#4b5563;font-size:.85rem}
@media (min-width:40rem){main{padding:24px}.card{padding:24px}}
`;
