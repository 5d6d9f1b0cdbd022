/**
 * The admin dashboard at /admin: sign-in, the cycles, one cycle, one unit,
 * steering, exports. An encapsulated Fastify plugin, so its session cookie and
 * CSRF checks apply to /admin only and the unit heads' pages stay as they are.
 *
 * - Sessions: @fastify/secure-session (an encrypted, authenticated cookie: no
 *   session store to run), path /admin, HttpOnly, SameSite=Strict, Secure on https,
 *   8 hours.
 * - CSRF: @fastify/csrf-protection, a token per session in every form, checked
 *   on every POST (sign-in included), as a preHandler: the field is in the
 *   form body, which is parsed only after onRequest.
 * - Sign-in: argon2id hashes (./accounts.ts), 5 attempts per minute per address.
 * - Progress over the cycle: an SVG image drawn from the units' own action
 *   records (./progress.ts), at its own URL.
 * - Roles per cascade: a viewer reads; a steward also steers. Every steering
 *   action is a cycle Update carrying the reason and the account as actor, so
 *   it lands in the cycle's audit trail.
 */
import { createHash, randomBytes } from 'node:crypto';
import csrf from '@fastify/csrf-protection';
import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escalationRungAt } from '../../../domain/cycle/escalation-rung';
import type { OrgNode } from '../../../domain/cascade/schema';
import { SLUG_PATTERN, unitWorkflowId } from '../../../domain/ids';
import { summarise, type UnitRow } from '../../shared/unit-listing';
import { toCsv, toXlsxBuffer } from '../../shared/cycle-export';
import { checkPassword, roleFor, type AdminAccount, type AdminRole } from './accounts';
import type { AdminGateway, SteerAction } from './gateway';
import { breadthFirst, buildTree, levelStats } from './stats';
import { progressOverTimeChart } from './charts';
import { milestonesOf, progressSeries } from './progress';
import { ADMIN_CSS } from './style';
import { heldMailOfCycle, heldMailRoutes } from './held-mail-panel';
import type { MailClaims } from '../../../runtime/mail-claims';
import { html } from '../../../runtime/html';
import { adminPage, cyclePage, cyclesPage, loginPage, unitPage, type CycleContext, type Flash, type Viewer } from './views';

declare module '@fastify/secure-session' {
  interface SessionData {
    user: string;
    flash: Flash;
  }
}

/** Options of {@link adminRoutes}. */
export interface AdminRoutesOptions {
  accounts: ReadonlyMap<string, AdminAccount>;
  gateway: AdminGateway;
  /** Any string of 32+ characters; unset: a random key per process (sessions end at restart). */
  sessionSecret?: string;
  /** Secure cookies (the public URL is https). */
  secureCookies: boolean;
  /** Base of the Temporal Web UI, e.g. http://localhost:8233 */
  temporalUiUrl: string;
  namespace: string;
  /** Sign-in attempts per address per minute. */
  loginAttemptsPerMinute?: number;
  /** How long one drawing of the progress chart serves (ms, default 60 s; 0: draw on every request). */
  progressChartCacheMs?: number;
  clock?: () => number;
  /** The mail copies held for an admin's answer (./held-mail-panel.ts); absent: no card. */
  heldMail?: MailClaims;
}

type CycleParams = { cascadeId: string; year: string };
type UnitParams = CycleParams & { unitId: string };

function unitNames(root: OrgNode | undefined): Map<string, { name: string; level: string }> {
  const m = new Map<string, { name: string; level: string }>();
  const stack = root ? [root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    m.set(n.id, { name: n.name, level: n.level });
    stack.push(...(n.children ?? []));
  }
  return m;
}

const text = (body: unknown, key: string): string => {
  const v = (body as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v.trim() : '';
};

/**
 * Registers the dashboard's routes (call through `app.register`).
 * @param app the encapsulated instance
 * @param opts accounts, gateway and cookie settings
 */
export async function adminRoutes(app: FastifyInstance, opts: AdminRoutesOptions): Promise<void> {
  const clock = opts.clock ?? Date.now;
  const key = opts.sessionSecret ? createHash('sha256').update(opts.sessionSecret).digest() : randomBytes(32);
  await app.register(secureSession, {
    key,
    cookieName: 'cascade_admin',
    expiry: 8 * 3600,
    cookie: { path: '/admin', httpOnly: true, sameSite: 'strict', secure: opts.secureCookies },
  });
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session' });
  const csrfProtection = app.csrfProtection.bind(app);

  const notice = (title: string, message: string, viewer?: Viewer) => adminPage(title, html`<div class="card"><h1>${title}</h1><p>${message}</p></div>`, viewer);
  const send = (reply: FastifyReply, code: number, body: string) => reply.code(code).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err.code?.startsWith('FST_CSRF')) {
      return send(reply, 403, notice('Yêu cầu không hợp lệ', `Biểu mẫu đã cũ hoặc không được gửi từ trang quản trị. Vui lòng tải lại trang và thử lại. Không có thay đổi nào được ghi nhận.`));
    }
    if (err.statusCode === 429) return reply.send(err);
    req.log.error({ err }, 'admin page failed');
    return send(reply, 500, notice('Lỗi', 'Đã có lỗi khi xử lý yêu cầu; không có thay đổi nào được ghi nhận. Vui lòng thử lại sau.'));
  });

  const account = (req: FastifyRequest): AdminAccount | undefined => {
    const user = req.session.get('user');
    return user ? opts.accounts.get(user) : undefined;
  };
  const viewerOf = (a: AdminAccount, reply: FastifyReply): Viewer => ({ name: a.displayName ?? a.username, csrf: reply.generateCsrf() });
  const takeFlash = (req: FastifyRequest): Flash | undefined => {
    const f = req.session.get('flash');
    if (f) req.session.set('flash', undefined);
    return f;
  };
  const ui = (workflowId: string) => `${opts.temporalUiUrl}/namespaces/${encodeURIComponent(opts.namespace)}/workflows/${encodeURIComponent(workflowId)}`;

  /** Signed in, and allowed on this cascade: else the answer is sent and undefined returned. */
  async function gate(req: FastifyRequest<{ Params: Partial<UnitParams> }>, reply: FastifyReply, need: AdminRole | null): Promise<{ a: AdminAccount; role: AdminRole } | undefined> {
    const a = account(req);
    if (!a) {
      if (req.method === 'GET') await reply.code(303).header('cache-control', 'no-store').redirect('/admin/login');
      else await send(reply, 403, notice('Chưa đăng nhập', 'Phiên làm việc đã hết hoặc chưa đăng nhập. Vui lòng đăng nhập lại; không có thay đổi nào được ghi nhận.'));
      return undefined;
    }
    const { cascadeId, year, unitId } = req.params;
    if (cascadeId === undefined) return { a, role: 'viewer' };
    if (!SLUG_PATTERN.test(cascadeId) || !/^\d{4}$/.test(year ?? '') || (unitId !== undefined && !SLUG_PATTERN.test(unitId))) {
      await send(reply, 404, notice('Không tìm thấy', 'Địa chỉ này không tồn tại.', viewerOf(a, reply)));
      return undefined;
    }
    const role = roleFor(a, cascadeId);
    if (!role || (need === 'steward' && role !== 'steward')) {
      await send(reply, 403, notice('Không có quyền', need === 'steward' ? 'Tài khoản của bạn chỉ được xem chu kỳ này, không được điều hành.' : 'Tài khoản của bạn không được xem chu kỳ này.', viewerOf(a, reply)));
      return undefined;
    }
    return { a, role };
  }

  async function context(cascadeId: string, year: number, role: AdminRole) {
    const [status, input] = await Promise.all([opts.gateway.cycleStatus(cascadeId, year), opts.gateway.cycleInput(cascadeId, year)]);
    if (!status || !input) return undefined;
    const names = unitNames(input.cascade.org);
    const c: CycleContext = { cascadeId, year, name: input.cascade.name, role, temporalUi: ui, unitName: (id) => names.get(id)?.name ?? id };
    return { status, input, names, c };
  }

  /** Visibility's rows, plus the units not started yet (waiting for their parent's batch). */
  async function unitsOf(cascadeId: string, year: number, status: { unitIds: string[]; parentIds: Record<string, string | null> }, names: Map<string, { level: string }>): Promise<UnitRow[]> {
    const listed = await opts.gateway.listUnits(cascadeId, year);
    const alive = new Set(status.unitIds);
    const rows = listed.filter((r) => alive.has(r.id)).map((r) => ({ ...r, level: r.level ?? names.get(r.id)?.level ?? null }));
    const seen = new Set(rows.map((r) => r.id));
    for (const id of status.unitIds) {
      if (!seen.has(id)) rows.push({ id, parentId: status.parentIds[id] ?? null, level: names.get(id)?.level ?? null, stage: 'waiting', dueAt: null, overdue: false, waitingOn: 'parent', workflowId: unitWorkflowId(cascadeId, year, id), runId: null });
    }
    return rows.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  app.get('/admin/static/admin.css', (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ADMIN_CSS));

  app.get('/admin/login', async (req, reply) => {
    if (account(req)) return reply.redirect('/admin', 303);
    return send(reply, 200, loginPage(reply.generateCsrf()));
  });

  app.post(
    '/admin/login',
    { preHandler: csrfProtection, config: { rateLimit: { max: opts.loginAttemptsPerMinute ?? 5, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const a = await checkPassword(opts.accounts, text(req.body, 'username'), typeof (req.body as Record<string, unknown>)?.password === 'string' ? String((req.body as Record<string, unknown>).password) : '');
      if (!a) return send(reply, 401, loginPage(reply.generateCsrf(), 'Tên đăng nhập hoặc mật khẩu không đúng.'));
      // A fresh session (and CSRF secret) on sign-in: a session fixed before it is worth nothing after.
      req.session.regenerate();
      req.session.set('user', a.username);
      req.log.info({ user: a.username }, 'admin signed in');
      return reply.redirect('/admin', 303);
    },
  );

  app.post('/admin/logout', { preHandler: csrfProtection }, async (req, reply) => {
    req.session.delete();
    return reply.redirect('/admin/login', 303);
  });

  app.get('/admin', async (req, reply) => {
    const g = await gate(req as FastifyRequest<{ Params: Partial<UnitParams> }>, reply, null);
    if (!g) return reply;
    const items = (await opts.gateway.listCycles()).flatMap((c) => {
      const role = roleFor(g.a, c.cascadeId);
      return role ? [{ ...c, role }] : [];
    });
    return send(reply, 200, cyclesPage(items, viewerOf(g.a, reply)));
  });

  app.get<{ Params: CycleParams }>('/admin/c/:cascadeId/:year', async (req, reply) => {
    const g = await gate(req, reply, 'viewer');
    if (!g) return reply;
    const year = Number(req.params.year);
    const ctx = await context(req.params.cascadeId, year, g.role);
    if (!ctx) return send(reply, 404, notice('Không tìm thấy', `Không có chu kỳ ${req.params.cascadeId}/${year}.`, viewerOf(g.a, reply)));
    const rows = await unitsOf(req.params.cascadeId, year, ctx.status, ctx.names);
    const now = new Date(clock()).toISOString();
    const overdue = rows
      .filter((r) => r.overdue && r.dueAt)
      .sort((x, y) => (x.dueAt! < y.dueAt! ? -1 : 1))
      .map((row) => {
        const r = escalationRungAt(row.dueAt!, ctx.input.cascade.cycle.escalation, ctx.input.calendar, now);
        return { row, rung: r ? { index: r.index, to: r.rung.to, at: r.at } : null };
      });
    const tree = buildTree(rows);
    // The held mails are a help, not the page: a store that cannot be read leaves the card out.
    const held = opts.heldMail ? await heldMailOfCycle(opts.heldMail, req.params.cascadeId, year).catch((err: unknown) => (req.log.warn({ err }, 'held mails not read'), [])) : [];
    const data = { status: ctx.status, rows, tree, byStage: summarise(rows).byStage, levels: levelStats(breadthFirst(tree), (id) => ctx.names.get(id)?.level), overdue, held };
    return send(reply, 200, cyclePage(ctx.c, data, viewerOf(g.a, reply), takeFlash(req)));
  });

  app.get<{ Params: UnitParams }>('/admin/c/:cascadeId/:year/u/:unitId', async (req, reply) => {
    const g = await gate(req, reply, 'viewer');
    if (!g) return reply;
    const { cascadeId, unitId } = req.params;
    const year = Number(req.params.year);
    const ctx = await context(cascadeId, year, g.role);
    if (!ctx || !ctx.status.unitIds.includes(unitId)) return send(reply, 404, notice('Không tìm thấy', `Không có đơn vị "${unitId}" trong chu kỳ này.`, viewerOf(g.a, reply)));
    const [rows, state] = await Promise.all([unitsOf(cascadeId, year, ctx.status, ctx.names), opts.gateway.unitState(cascadeId, year, unitId)]);
    const tree = buildTree(rows);
    const data = { row: tree.byId.get(unitId), state, tree, audit: ctx.status.audit.filter((a) => a.unitId === unitId), running: ctx.status.outcome === 'running' };
    return send(reply, 200, unitPage(ctx.c, unitId, data, viewerOf(g.a, reply), takeFlash(req)));
  });

  /**
   * Progress over the cycle, as an SVG image of its own: it reads every unit's
   * state (one Query each), so the cycle page does not wait for it, and one
   * drawing serves every reload for a minute.
   */
  const charts = new Map<string, { at: number; svg: string }>();
  app.get<{ Params: CycleParams }>('/admin/c/:cascadeId/:year/tien-do.svg', async (req, reply) => {
    const g = await gate(req, reply, 'viewer');
    if (!g) return reply;
    const { cascadeId } = req.params;
    const year = Number(req.params.year);
    const key = `${cascadeId}/${year}`;
    let chart = charts.get(key);
    if (!chart || clock() - chart.at >= (opts.progressChartCacheMs ?? 60_000)) {
      const [status, startedAt] = await Promise.all([opts.gateway.cycleStatus(cascadeId, year), opts.gateway.cycleStartedAt(cascadeId, year)]);
      if (!status || !startedAt) return send(reply, 404, notice('Không tìm thấy', 'Không có chu kỳ này.', viewerOf(g.a, reply)));
      const states = await opts.gateway.unitStates(cascadeId, year, status.unitIds);
      const series = progressSeries(states.map((u) => milestonesOf(u.actions)), status.unitIds.length, Date.parse(startedAt), clock());
      if (charts.size > 20) charts.clear();
      charts.set(key, (chart = { at: clock(), svg: progressOverTimeChart(series) }));
    }
    return reply.header('cache-control', 'private, no-store').type('image/svg+xml; charset=utf-8').send(chart.svg);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get<{ Params: CycleParams }>(`/admin/c/:cascadeId/:year/export.${format}`, async (req, reply) => {
      const g = await gate(req, reply, 'viewer');
      if (!g) return reply;
      const year = Number(req.params.year);
      const ctx = await context(req.params.cascadeId, year, g.role);
      if (!ctx) return send(reply, 404, notice('Không tìm thấy', 'Không có chu kỳ này.', viewerOf(g.a, reply)));
      const rows = await unitsOf(req.params.cascadeId, year, ctx.status, ctx.names);
      const name = `${req.params.cascadeId}-${year}.${format}`;
      void reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsxBuffer(rows, `${req.params.cascadeId}-${year}`));
    });
  }

  /** A steering POST: steward only, reason and ticked confirmation, then the Update; the answer comes back as a flash. */
  async function steer(req: FastifyRequest<{ Params: Partial<UnitParams> }>, reply: FastifyReply, build: (body: unknown) => SteerAction | string) {
    const g = await gate(req, reply, 'steward');
    if (!g) return reply;
    const { cascadeId, unitId } = req.params as UnitParams;
    const year = Number(req.params.year);
    const back = unitId ? `/admin/c/${cascadeId}/${year}/u/${unitId}` : `/admin/c/${cascadeId}/${year}`;
    const reason = text(req.body, 'reason');
    const action = build(req.body);
    let flash: Flash;
    if (text(req.body, 'confirm') !== 'yes') flash = { ok: false, text: 'Chưa thực hiện: cần đánh dấu ô xác nhận.' };
    else if (typeof action === 'string') flash = { ok: false, text: `Chưa thực hiện: ${action}` };
    else {
      const actor = `${g.a.displayName ?? g.a.username} (${g.a.username})`;
      const r = await opts.gateway.steer(cascadeId, year, action, reason, actor);
      req.log.info({ user: g.a.username, cascadeId, year, action: action.kind, ok: r.ok }, 'admin steering');
      flash = r.ok ? { ok: true, text: r.message } : { ok: false, text: `Không thực hiện được: ${r.message}` };
    }
    req.session.set('flash', flash);
    return reply.redirect(back, 303);
  }

  const person = (body: unknown) => ({ name: text(body, 'headName'), title: text(body, 'headTitle'), email: text(body, 'headEmail') });
  const unitRoute = (action: string, build: (unitId: string, body: unknown) => SteerAction | string) =>
    app.post<{ Params: UnitParams }>(`/admin/c/:cascadeId/:year/u/:unitId/${action}`, { preHandler: csrfProtection }, (req, reply) => steer(req, reply, (body) => build(req.params.unitId, body)));

  unitRoute('extend', (unitId, body) => {
    const d = text(body, 'newDueDate');
    return /^\d{4}-\d{2}-\d{2}$/.test(d) ? { kind: 'extend', unitId, newDueDate: d } : 'hạn mới phải là một ngày (YYYY-MM-DD).';
  });
  unitRoute('remind', (unitId) => ({ kind: 'remind', unitId }));
  unitRoute('reassign', (unitId, body) => ({ kind: 'reassign', unitId, head: person(body) }));
  unitRoute('add-unit', (unitId, body) => ({ kind: 'add-unit', unitId, node: { id: text(body, 'id'), name: text(body, 'name'), level: text(body, 'level'), head: person(body) } }));
  unitRoute('remove-unit', (unitId) => ({ kind: 'remove-unit', unitId }));
  if (opts.heldMail) {
    heldMailRoutes(app, {
      claims: opts.heldMail,
      csrf: csrfProtection,
      gateSteward: async (req, reply) => (await gate(req, reply, 'steward'))?.a,
      flash: (req, flash) => req.session.set('flash', flash),
    });
  }
  app.post<{ Params: CycleParams }>('/admin/c/:cascadeId/:year/cancel', { preHandler: csrfProtection }, (req, reply) => steer(req, reply, () => ({ kind: 'cancel' })));
}
