/** The dashboard's stylesheet (served from /admin/static/admin.css; the CSP forbids inline styles). Phone first. */
export const ADMIN_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#111827;background:#f3f4f6}
a{color:#1d4ed8}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:1}
header.admin{background:#7f1d1d;color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between}
header.admin a{color:#fff}header.admin form{margin:0}
header.admin button{margin:0;padding:6px 12px;min-height:36px;background:transparent;border-color:#fff}
main{max-width:70rem;margin:0 auto;padding:12px}
.card{background:#fff;border-radius:6px;padding:14px;margin:0 0 14px;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow-x:auto}
h1{font-size:1.3rem;margin:0 0 10px}h2{font-size:1.1rem;margin:0 0 8px}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:6px;border-bottom:1px solid #e5e7eb;vertical-align:top}
td.num,th.num{text-align:right}
label{display:block;font-weight:600;margin:10px 0 4px}
input[type=text],input[type=password],input[type=date],input[type=email],textarea{width:100%;font:inherit;padding:9px;border:1px solid #6b7280;border-radius:4px}
textarea{min-height:4rem}
label.confirm{display:flex;gap:8px;align-items:flex-start;font-weight:400}
button{font:inherit;font-weight:600;padding:10px 18px;border-radius:4px;border:2px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer;min-height:44px;margin:12px 8px 0 0}
button.danger{background:#b91c1c;border-color:#b91c1c}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.flash{border-left:6px solid #15803d;background:#f0fdf4}.flash.bad{border-color:#b91c1c;background:#fef2f2}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85rem;color:#fff;white-space:nowrap}
.late{color:#b91c1c;font-weight:700}
.stage-waiting{background:#6b7280}.stage-drafting{background:#1d4ed8}.stage-in-review{background:#6d28d9}.stage-implementing{background:#0f766e}
.stage-reporting{background:#b45309}.stage-consolidating{background:#c2410c}.stage-reported{background:#15803d}.stage-cancelled{background:#374151}
ul.tree,ul.tree ul{list-style:none;margin:0;padding-left:14px;border-left:1px solid #d1d5db}
ul.tree{padding-left:0;border:0}
ul.tree li{margin:3px 0}
ul.tree li.overdue>details>summary,ul.tree li.overdue>span.node{background:#fef2f2;border-left:4px solid #b91c1c;padding-left:4px}
summary{cursor:pointer}
.unit-meta{color:#4b5563;font-size:.9rem}
ul.legend{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9rem}
svg.chart{width:100%;height:auto;max-width:42rem}
img.chart{display:block;width:100%;height:auto;max-width:45rem}
figure{margin:0}
.grid{display:grid;gap:14px}
@media (min-width:52rem){.grid.two{grid-template-columns:1fr 1fr}}
details.steer{border:1px solid #d1d5db;border-radius:4px;padding:6px 10px;margin:8px 0}
details.steer>summary{font-weight:600}
form.inline{display:inline;margin:0}
form.inline button{margin:4px 8px 4px 0}
.muted{color:#4b5563}
`;
