/**
 * The dashboard's pages, as escaped HTML (runtime/html.ts). No script: forms
 * post with a CSRF field; steering needs a reason and a ticked confirmation;
 * trees use <details> and deep subtrees load on their own page.
 */
import { html, raw, type HtmlValue, type SafeHtml } from '../../../runtime/html';
import { formatVnShortDate, formatVnShortDateTime } from '../../../runtime/vn-format';
import { layout } from '../pages/layout';
import { STAGE_LABELS_VI, type Stage } from '../../../domain/stages';
import type { CycleStatus } from '../../../workflows/cascade-cycle';
import type { UnitState } from '../../../workflows/unit-messages';
import type { UnitRow } from '../../shared/unit-listing';
import type { AdminRole } from './accounts';
import { chartLegend, progressChart, type ChartBar } from './charts';
import type { CycleListItem } from './gateway';
import { stagesIn, subtreeSize, type LevelStats, type UnitTree } from './stats';
import type { HeldCopy } from '../../shared/held-mail';
import { heldMailCard } from './held-mail-panel';

/** Who is signed in, for the header and the forms. */
export interface Viewer {
  name: string;
  csrf: string;
}

/** A message carried over a redirect (after a steering action). */
export interface Flash {
  ok: boolean;
  text: string;
}

const WAITING_ON_VI: Record<string, string> = {
  parent: 'cấp trên ban hành kế hoạch',
  'unit-head': 'thủ trưởng đơn vị',
  approver: 'cấp trên phê duyệt',
  children: 'các đơn vị trực thuộc',
  nobody: '—',
};
const OUTCOME_VI: Record<string, string> = { running: 'đang thực hiện', reported: 'đã gửi báo cáo tổng hợp', cancelled: 'đã hủy', completed: 'đã kết thúc', failed: 'lỗi', terminated: 'bị dừng' };

/**
 * @param title the page's own title
 * @param body the content
 * @param viewer who is signed in (absent on the sign-in page)
 * @param flash the answer to the last steering action
 * @returns a complete page of the dashboard, in the shell every page shares
 */
export function adminPage(title: string, body: HtmlValue, viewer?: Viewer, flash?: Flash): string {
  const header = html`<header class="admin"><a href="/admin">Quản trị chu kỳ triển khai văn bản chỉ đạo</a>${viewer
    ? html`<span>${viewer.name} <form method="post" action="/admin/logout" class="inline"><input type="hidden" name="_csrf" value="${viewer.csrf}"><button type="submit">Đăng xuất</button></form></span>`
    : ''}</header>`;
  const notice = flash ? html`<div class="card flash${flash.ok ? '' : ' bad'}" role="status"><p>${flash.text}</p></div>` : '';
  return layout(title, [notice, body], { siteName: 'Quản trị chu kỳ', stylesheet: '/admin/static/admin.css', header });
}

/** @returns the sign-in form */
export function loginPage(csrf: string, error?: string): string {
  return adminPage(
    'Đăng nhập',
    html`<div class="card"><h1>Đăng nhập trang quản trị</h1>
${error ? html`<p class="late" role="alert">${error}</p>` : ''}
<form method="post" action="/admin/login">
<input type="hidden" name="_csrf" value="${csrf}">
<label for="username">Tên đăng nhập</label><input type="text" id="username" name="username" autocomplete="username" required>
<label for="password">Mật khẩu</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button>
</form></div>`,
  );
}

/** @returns the stage as a coloured badge */
export function stageBadge(stage: string): SafeHtml {
  return html`<span class="badge stage-${stage}">${STAGE_LABELS_VI[stage as Stage] ?? stage}</span>`;
}

const lateMark = (overdue: boolean): SafeHtml | '' => (overdue ? html` <strong class="late">QUÁ HẠN</strong>` : '');

/** @returns the list of cycles the account may see */
export function cyclesPage(items: readonly (CycleListItem & { role: AdminRole })[], viewer: Viewer): string {
  return adminPage(
    'Các chu kỳ',
    html`<div class="card"><h1>Các chu kỳ</h1>
${items.length
  ? html`<table><thead><tr><th>Chu kỳ</th><th>Năm</th><th>Tình trạng</th><th>Quyền</th></tr></thead><tbody>
${items.map((c) => html`<tr><td><a href="/admin/c/${c.cascadeId}/${c.year}">${c.cascadeId}</a></td><td>${c.year}</td><td>${OUTCOME_VI[c.outcome] ?? c.outcome}</td><td>${c.role === 'steward' ? 'điều hành' : 'xem'}</td></tr>`)}
</tbody></table>`
  : html`<p>Chưa có chu kỳ nào mà tài khoản này được xem.</p>`}
</div>`,
    viewer,
  );
}

/** Links and labels a page needs about one cycle. */
export interface CycleContext {
  cascadeId: string;
  year: number;
  name: string;
  role: AdminRole;
  temporalUi: (workflowId: string) => string;
  unitName: (id: string) => string;
}

function unitLink(c: CycleContext, id: string): SafeHtml {
  return html`<a href="/admin/c/${c.cascadeId}/${c.year}/u/${id}">${c.unitName(id)}</a>`;
}

const CHILDREN_SHOWN = 200;

/** A node and (up to `depth` more levels of) its subtree; deeper levels are a link to the unit's page. */
function treeNode(c: CycleContext, tree: UnitTree, u: UnitRow, depth: number, open: boolean): SafeHtml {
  const kids = tree.children.get(u.id) ?? [];
  const line = html`${unitLink(c, u.id)} ${stageBadge(u.stage)}${u.dueAt ? html` <span class="unit-meta">hạn ${formatVnShortDate(u.dueAt)}</span>` : ''}${lateMark(u.overdue)} <a class="unit-meta" href="${c.temporalUi(u.workflowId)}" rel="noopener" target="_blank">Temporal</a>`;
  const cls = u.overdue ? ' class="overdue"' : '';
  if (!kids.length) return html`<li${raw(cls)}><span class="node">${line}</span></li>`;
  const late = kids.filter((k) => k.overdue).length;
  const summary = html`${line} <span class="unit-meta">(${subtreeSize(tree, u.id)} đơn vị trực thuộc${late ? html`, <span class="late">${late} quá hạn</span>` : ''})</span>`;
  if (depth <= 0) return html`<li${raw(cls)}><span class="node">${summary} <a href="/admin/c/${c.cascadeId}/${c.year}/u/${u.id}#cay">xem cây</a></span></li>`;
  const shown = kids.slice(0, CHILDREN_SHOWN);
  return html`<li${raw(cls)}><details${open ? raw(' open') : ''}><summary>${summary}</summary><ul>
${shown.map((k) => treeNode(c, tree, k, depth - 1, false))}
${kids.length > shown.length ? html`<li><a href="/admin/c/${c.cascadeId}/${c.year}/u/${u.id}#cay">… và ${kids.length - shown.length} đơn vị nữa</a></li>` : ''}
</ul></details></li>`;
}

/** @returns the collapsible tree from `fromId`, three levels deep */
export function treeView(c: CycleContext, tree: UnitTree, fromId: string): SafeHtml {
  const u = tree.byId.get(fromId);
  return u ? html`<ul class="tree">${treeNode(c, tree, u, 2, true)}</ul>` : html`<p>Chưa có dữ liệu.</p>`;
}

/** One row of the overdue list. */
export interface OverdueItem {
  row: UnitRow;
  rung: { index: number; to: string; at: string } | null;
}

const RUNG_TO_VI: Record<string, string> = { 'unit-head': 'thủ trưởng đơn vị', superior: 'cấp trên trực tiếp', 'superior-of-superior': 'cấp trên của cấp trên', office: 'văn phòng theo dõi' };

/** Everything the cycle page shows. */
export interface CyclePageData {
  status: CycleStatus;
  rows: UnitRow[];
  tree: UnitTree;
  byStage: Partial<Record<Stage, number>>;
  levels: LevelStats[];
  overdue: OverdueItem[];
  /** Mail copies of the cycle held for an answer (./held-mail-panel.ts); empty: no card. */
  held: readonly HeldCopy[];
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}`.replace('.', ',') + '%';
}

function steerForm(c: CycleContext, viewer: Viewer, action: string, title: string, fields: SafeHtml | '', button: string, danger = false): SafeHtml {
  return html`<details class="steer"><summary>${title}</summary>
<form method="post" action="/admin/c/${c.cascadeId}/${c.year}/${action}">
<input type="hidden" name="_csrf" value="${viewer.csrf}">
${fields}
<label for="${action}-reason">Lý do (ghi vào nhật ký điều hành)</label><textarea id="${action}-reason" name="reason" required minlength="3" maxlength="1000"></textarea>
<label class="confirm"><input type="checkbox" name="confirm" value="yes" required> Tôi đã kiểm tra và xác nhận thực hiện thao tác này.</label>
<button type="submit"${danger ? raw(' class="danger"') : ''}>${button}</button>
</form></details>`;
}

/**
 * @param action the action as the cycle records it, e.g. "extend-deadline → 2026-12-31"
 * @param c the cycle, for unit names
 * @returns the action in Vietnamese, e.g. "Gia hạn đến 31/12/2026"
 */
export function auditActionVi(action: string, c: Pick<CycleContext, 'unitName'>): string {
  const [kind, arg] = action.split(/ → | /, 2) as [string, string | undefined];
  const date = arg && /^\d{4}-\d{2}-\d{2}$/.test(arg) ? arg.split('-').reverse().join('/') : arg;
  switch (kind) {
    case 'extend-deadline':
      return `Gia hạn việc đang mở đến ${date ?? ''}`.trim();
    case 'remind-now':
      return 'Gửi nhắc việc ngay';
    case 'reassign':
      return 'Giao lại thủ trưởng đơn vị';
    case 'add-unit':
      return `Thêm đơn vị trực thuộc: ${arg ? c.unitName(arg) : ''}`;
    case 'remove-unit':
      return `Rút khỏi chu kỳ: ${arg ? c.unitName(arg) : ''}`;
    case 'cancel-cycle':
      return 'Hủy cả chu kỳ';
    default:
      return action;
  }
}

function auditTable(entries: CycleStatus['audit'], c: CycleContext): SafeHtml {
  if (!entries.length) return html`<p class="muted">Chưa có thao tác điều hành nào.</p>`;
  return html`<table class="audit"><thead><tr><th>#</th><th>Thời điểm (giờ Việt Nam)</th><th>Thao tác</th><th>Đơn vị</th><th>Người thực hiện</th><th>Lý do</th></tr></thead><tbody>
${entries.map((a, i) => html`<tr><td>${i + 1}</td><td>${a.at ? html`<time datetime="${a.at}">${formatVnShortDateTime(a.at)}</time>` : '—'}</td><td>${auditActionVi(a.action, c)}</td><td>${a.unitId ? unitLink(c, a.unitId) : '—'}</td><td>${a.actor}</td><td>${a.reason}</td></tr>`).reverse()}
</tbody></table>`;
}

/** @returns the page of one cycle */
export function cyclePage(c: CycleContext, d: CyclePageData, viewer: Viewer, flash?: Flash): string {
  const total = d.rows.length;
  const bars: ChartBar[] = [{ label: 'Toàn chu kỳ', byStage: d.byStage, total }, ...d.levels.map((l) => ({ label: l.level, byStage: l.byStage, total: l.total }))];
  const steward = c.role === 'steward' && d.status.outcome === 'running';
  return adminPage(
    `${c.name} — năm ${c.year}`,
    [
      html`<div class="card"><h1>${c.name} — năm ${c.year}</h1>
<p>${OUTCOME_VI[d.status.outcome] ?? d.status.outcome}; ${total} đơn vị; <span class="${d.overdue.length ? 'late' : ''}">${d.overdue.length} quá hạn</span>.
<a href="${c.temporalUi(`cascade/${c.cascadeId}/${c.year}`)}" rel="noopener" target="_blank">Xem trong Temporal UI</a> ·
<a href="/admin/c/${c.cascadeId}/${c.year}/export.csv">Tải CSV</a> · <a href="/admin/c/${c.cascadeId}/${c.year}/export.xlsx">Tải XLSX</a></p>
<p>${stagesIn(d.byStage).map((s) => html`${stageBadge(s)} ${d.byStage[s]} `)}</p></div>`,
      heldMailCard(c, d.held, viewer, c.role === 'steward'),
      html`<div class="card" id="tien-do"><h2>Tiến độ theo thời gian</h2>
<figure><img class="chart" src="/admin/c/${c.cascadeId}/${c.year}/tien-do.svg" width="720" height="356" alt="Biểu đồ số đơn vị đã gửi dự thảo kế hoạch, được phê duyệt kế hoạch và đã gửi báo cáo, từ khi bắt đầu chu kỳ đến nay">
<figcaption class="muted">Tính theo thời điểm từng đơn vị ghi nhận thao tác (cập nhật mỗi phút). <a href="/admin/c/${c.cascadeId}/${c.year}/tien-do.svg">Mở biểu đồ</a></figcaption></figure></div>`,
      html`<div class="card"><h2>Tiến độ theo cấp</h2>${progressChart(bars)}${chartLegend()}</div>`,
      html`<div class="card"><h2>Theo cấp</h2><table><thead><tr><th>Cấp</th><th class="num">Số đơn vị</th><th>Giai đoạn</th><th class="num">Quá hạn</th><th class="num">Tỉ lệ đúng hạn</th></tr></thead><tbody>
${d.levels.map((l) => html`<tr><td>${l.level}</td><td class="num">${l.total}</td><td>${stagesIn(l.byStage).map((s) => html`${stageBadge(s)} ${l.byStage[s]} `)}</td><td class="num${l.overdue ? ' late' : ''}">${l.overdue}</td><td class="num">${pct(l.onTimeRate)}</td></tr>`)}
</tbody></table><p class="muted">Tỉ lệ đúng hạn: phần đơn vị của cấp chưa quá hạn việc đang mở.</p></div>`,
      html`<div class="card" id="qua-han"><h2>Đơn vị quá hạn (${d.overdue.length})</h2>
${d.overdue.length
  ? html`<table><thead><tr><th>Đơn vị</th><th>Giai đoạn</th><th>Hạn</th><th>Bậc đôn đốc</th><th>Đang chờ</th></tr></thead><tbody>
${d.overdue.map((o) => html`<tr class="overdue"><td>${unitLink(c, o.row.id)} <strong class="late">QUÁ HẠN</strong></td><td>${stageBadge(o.row.stage)}</td><td>${formatVnShortDate(o.row.dueAt)}</td><td>${o.rung ? `bậc ${o.rung.index + 1}: ${RUNG_TO_VI[o.rung.to] ?? o.rung.to} (${formatVnShortDate(o.rung.at)})` : 'chưa đến bậc nào'}</td><td>${WAITING_ON_VI[o.row.waitingOn ?? ''] ?? o.row.waitingOn ?? '—'}</td></tr>`)}
</tbody></table>`
  : html`<p>Không có đơn vị nào quá hạn.</p>`}</div>`,
      html`<div class="card" id="cay"><h2>Cây đơn vị</h2>${d.tree.rootId ? treeView(c, d.tree, d.tree.rootId) : html`<p>Chưa có dữ liệu.</p>`}</div>`,
      html`<div class="card" id="nhat-ky"><h2>Nhật ký điều hành</h2>${auditTable(d.status.audit, c)}</div>`,
      steward ? html`<div class="card"><h2>Điều hành cả chu kỳ</h2>${steerForm(c, viewer, 'cancel', 'Hủy cả chu kỳ năm', '', 'Hủy chu kỳ', true)}</div>` : '',
    ],
    viewer,
    flash,
  );
}

/** Everything the unit page shows. */
export interface UnitPageData {
  row: UnitRow | undefined;
  state: UnitState | null;
  tree: UnitTree;
  audit: CycleStatus['audit'];
  running: boolean;
}

/** @returns the page of one unit: its state, its subtree, its audit entries and (for a steward) the steering forms */
export function unitPage(c: CycleContext, unitId: string, d: UnitPageData, viewer: Viewer, flash?: Flash): string {
  const s = d.state;
  const stage = s?.stage ?? d.row?.stage ?? 'waiting';
  const dueAt = s?.dueAt ?? d.row?.dueAt ?? null;
  const overdue = s?.overdue ?? d.row?.overdue ?? false;
  const base = `u/${unitId}`;
  const forms =
    c.role === 'steward' && d.running
      ? html`<div class="card"><h2>Điều hành đơn vị</h2>
${steerForm(c, viewer, `${base}/extend`, 'Gia hạn việc đang mở', html`<label for="extend-date">Hạn mới</label><input type="date" id="extend-date" name="newDueDate" required>`, 'Gia hạn')}
${steerForm(c, viewer, `${base}/remind`, 'Gửi nhắc việc ngay', '', 'Gửi nhắc việc')}
${steerForm(c, viewer, `${base}/reassign`, 'Giao lại thủ trưởng đơn vị', html`<label for="ra-name">Họ và tên</label><input type="text" id="ra-name" name="headName" required>
<label for="ra-title">Chức vụ</label><input type="text" id="ra-title" name="headTitle" required>
<label for="ra-email">Thư điện tử</label><input type="email" id="ra-email" name="headEmail" required>`, 'Giao lại')}
${steerForm(c, viewer, `${base}/add-unit`, 'Thêm đơn vị trực thuộc', html`<label for="au-id">Mã đơn vị (chữ thường không dấu, gạch nối)</label><input type="text" id="au-id" name="id" required pattern="[a-z0-9]+(-[a-z0-9]+)*">
<label for="au-name">Tên đơn vị</label><input type="text" id="au-name" name="name" required>
<label for="au-level">Cấp</label><input type="text" id="au-level" name="level" required>
<label for="au-hn">Thủ trưởng: họ và tên</label><input type="text" id="au-hn" name="headName" required>
<label for="au-ht">Chức vụ</label><input type="text" id="au-ht" name="headTitle" required>
<label for="au-he">Thư điện tử</label><input type="email" id="au-he" name="headEmail" required>`, 'Thêm đơn vị')}
${d.row?.parentId ? steerForm(c, viewer, `${base}/remove-unit`, 'Rút đơn vị khỏi chu kỳ', '', 'Rút đơn vị', true) : ''}
</div>`
      : c.role !== 'steward'
        ? html`<div class="card"><p class="muted">Tài khoản của bạn chỉ được xem chu kỳ này.</p></div>`
        : '';
  return adminPage(
    c.unitName(unitId),
    [
      html`<div class="card"><p><a href="/admin/c/${c.cascadeId}/${c.year}">← ${c.name} — năm ${c.year}</a></p>
<h1>${c.unitName(unitId)}</h1>
<table><tbody>
<tr><th>Mã</th><td>${unitId}</td></tr>
<tr><th>Giai đoạn</th><td>${stageBadge(stage)}</td></tr>
<tr><th>Hạn</th><td id="due">${dueAt ? formatVnShortDate(dueAt) : '—'}${lateMark(overdue)}</td></tr>
<tr><th>Đang chờ</th><td>${WAITING_ON_VI[s?.waitingOn ?? d.row?.waitingOn ?? ''] ?? '—'}</td></tr>
${s ? html`<tr><th>Lần gửi kế hoạch</th><td>${s.revision + 1}${s.late ? ' (nộp muộn)' : ''}</td></tr>` : ''}
<tr><th>Workflow</th><td><a href="${c.temporalUi(d.row?.workflowId ?? `cascade/${c.cascadeId}/${c.year}/unit/${unitId}`)}" rel="noopener" target="_blank">Xem trong Temporal UI</a></td></tr>
</tbody></table></div>`,
      forms,
      html`<div class="card" id="nhat-ky"><h2>Nhật ký điều hành của đơn vị</h2>${auditTable(d.audit, c)}</div>`,
      d.tree.children.get(unitId)?.length ? html`<div class="card" id="cay"><h2>Các đơn vị trực thuộc</h2>${treeView(c, d.tree, unitId)}</div>` : '',
    ],
    viewer,
    flash,
  );
}
