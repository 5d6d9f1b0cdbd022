/**
 * Links that must not act, against the real gateway and the real unit workflows:
 * tampered, expired, replayed, meant for someone else, and for a step that is not
 * open. Each is refused with its own page (and JSON answer), by GET and by POST,
 * and the unit's history does not grow by a single event.
 */
import { CSRF_PURPOSE } from '../../client/web/app';
import type { ActionClaims } from '../../runtime/action-tokens';
import { reassignCycleUpdate } from '../../workflows/cascade-cycle';
import { unitStateQuery } from '../../workflows/unit-messages';
import { planFields, request, startE2eStack, type E2eStack, type Fetched } from '../support/e2e-stack';

const UNITS = ['bv-nhi', 'bv-phu-san', 'bv-da-khoa-tinh'];

let stack: E2eStack;
/** The task link each unit head received, by unit id. */
const taskLink: Record<string, string> = {};

beforeAll(async () => {
  stack = await startE2eStack({ tag: 'refused', onlyUnits: UNITS });
  await stack.startCycle();
  for (const id of UNITS) {
    const unit = stack.units.find((u) => u.id === id)!;
    const mail = await stack.waitForMail((m) => m.to === unit.head.email && m.subject.startsWith('Đề nghị xây dựng kế hoạch'), 60_000, `task mail of ${id}`);
    taskLink[id] = mail.links[0]!;
  }
  await stack.settle();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const titleOf = (page: Fetched) => /<h1[^>]*>([^<]*)<\/h1>/.exec(page.body)?.[1];
const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;
const apiOf = (link: string) => link.replace('/a/', '/api/a/');
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** A form POST whose CSRF field is correctly bound to the link's token (as the page would have given). */
const formPost = (link: string, fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: stack.signer.bind(tokenOf(link), CSRF_PURPOSE), ...fields }).toString(),
});

/** Re-signs a real link's claims with changes, with the key the worker signs with. */
function mint(link: string, change: Partial<ActionClaims>): string {
  const claims = { ...stack.claimsOf(link), ...change };
  return `${stack.baseUrl}/a/${stack.signer.sign(claims)}`;
}

/** Runs `fn`, and checks the unit's history length and state did not change. */
async function unchanged(unitId: string, fn: () => Promise<void>): Promise<void> {
  const handle = stack.client.workflow.getHandle(stack.unitWorkflowId(unitId));
  const before = { events: await stack.historyLength(handle.workflowId), state: await handle.query(unitStateQuery) };
  await fn();
  const after = { events: await stack.historyLength(handle.workflowId), state: await handle.query(unitStateQuery) };
  expect(after).toEqual(before);
}

/** GET, HEAD, API GET, form POST and API POST all give `status` and the notice `title`. */
async function refusedEverywhere(link: string, status: number, title: string, apiStatus: string, fields: Record<string, string>): Promise<void> {
  const get = await request(link);
  expect([get.status, titleOf(get)]).toEqual([status, title]);
  expect(get.body).not.toContain('name="_csrf"'); // no form to fill
  expect((await request(link, { method: 'HEAD' })).status).toBe(status);
  const api = await request(apiOf(link));
  expect([api.status, (JSON.parse(api.body) as { status: string }).status]).toEqual([status, apiStatus]);
  const posted = await request(link, formPost(link, fields));
  expect([posted.status, titleOf(posted)]).toEqual([status, title]);
  const apiPosted = await request(apiOf(link), json(fields));
  expect(apiPosted.status).toBe(status);
}

const PLAN_JSON = (unitId: string) => ({ ...planFields(unitId), activities: { 'II.1': ['Hội nghị quán triệt'] } });

describe('refused links on the real workflows', () => {
  it('a tampered link: 400 "Liên kết không hợp lệ"; a form posted with the genuine page\'s CSRF field: 403', async () => {
    const link = taskLink['bv-nhi']!;
    const [v, kid, payload, sig] = tokenOf(link).split('.');
    // Change one character of the payload (which workflow/task/recipient it grants).
    const i = Math.floor(payload!.length / 2);
    const flipped = payload!.slice(0, i) + (payload![i] === 'A' ? 'B' : 'A') + payload!.slice(i + 1);
    const tampered = `${stack.baseUrl}/a/${[v, kid, flipped, sig].join('.')}`;
    const genuine = await request(link);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(genuine.body)![1]!;
    await unchanged('bv-nhi', async () => {
      await refusedEverywhere(tampered, 400, 'Liên kết không hợp lệ', 'invalid-link', planFields('bv-nhi'));
      const withGenuineCsrf = await request(tampered, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, ...planFields('bv-nhi') }).toString() });
      expect([withGenuineCsrf.status, titleOf(withGenuineCsrf)]).toEqual([403, 'Yêu cầu không hợp lệ']);
    });
  });

  it('an expired link: 410 "Liên kết đã hết hạn"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = mint(taskLink['bv-nhi']!, { issuedAt: now - 30 * 86_400, expiresAt: now - 60 });
    await unchanged('bv-nhi', () => refusedEverywhere(expired, 410, 'Liên kết đã hết hạn', 'expired', planFields('bv-nhi')));
  });

  it('a link for a step not open yet (review while drafting): 409 "Chưa đến bước này"', async () => {
    const approver = stack.units[0]!.head.email;
    const early = mint(taskLink['bv-nhi']!, { task: 'review-plan', recipientHash: stack.signer.recipientHash(approver), sequence: 'open-0' });
    await unchanged('bv-nhi', () => refusedEverywhere(early, 409, 'Chưa đến bước này', 'wrong-stage', { decision: 'approve', comment: '' }));
    expect((await stack.state('bv-nhi')).stage).toBe('drafting');
  });

  it('a link minted for someone who is not the assignee: 409 "Nhiệm vụ đã được giao cho người khác"', async () => {
    const other = stack.units.find((u) => u.id === 'bv-phu-san')!.head.email;
    const foreign = mint(taskLink['bv-nhi']!, { recipientHash: stack.signer.recipientHash(other) });
    await unchanged('bv-nhi', () => refusedEverywhere(foreign, 409, 'Nhiệm vụ đã được giao cho người khác', 'superseded', planFields('bv-nhi')));
  });

  it('after an admin reassigns the task, the old head\'s mailed link is refused and the new head\'s works', async () => {
    const newHead = { name: 'Nguyễn Thị Hà', title: 'Phó Giám đốc', email: 'pho-giam-doc.bv-phu-san@yte-thanhhoa.example' };
    await stack.client.workflow.getHandle(stack.cycleWorkflowId()).executeUpdate(reassignCycleUpdate, {
      args: [{ unitId: 'bv-phu-san', head: newHead, reason: 'Trưởng ban nghỉ công tác dài ngày', actor: 'quan-tri@yte-thanhhoa.example' }],
    });
    const fresh = await stack.waitForMail((m) => m.to === newHead.email, 60_000, 'the new head\'s task mail');
    await stack.settle();
    await unchanged('bv-phu-san', async () => {
      await refusedEverywhere(taskLink['bv-phu-san']!, 409, 'Nhiệm vụ đã được giao cho người khác', 'superseded', planFields('bv-phu-san'));
      const works = await request(fresh.links[0]!);
      expect([works.status, titleOf(works)]).toEqual([200, 'Xây dựng kế hoạch của đơn vị']);
    });
  });

  it('a replayed submission: the second POST (form or JSON) is "already recorded" and changes nothing', async () => {
    const link = taskLink['bv-da-khoa-tinh']!;
    const first = await request(link, formPost(link, planFields('bv-da-khoa-tinh')));
    expect([first.status, titleOf(first)]).toEqual([200, 'Đã ghi nhận']);
    expect((await stack.state('bv-da-khoa-tinh')).stage).toBe('in-review');
    await stack.waitForMail((m) => m.subject.startsWith('Đề nghị phê duyệt kế hoạch'), 60_000, 'approval request');
    await stack.settle();
    await unchanged('bv-da-khoa-tinh', async () => {
      const again = await request(link, formPost(link, planFields('bv-da-khoa-tinh')));
      expect([again.status, titleOf(again)]).toEqual([200, 'Nội dung đã được ghi nhận']);
      const againJson = await request(apiOf(link), json(PLAN_JSON('bv-da-khoa-tinh')));
      expect([againJson.status, (JSON.parse(againJson.body) as { status: string }).status]).toEqual([200, 'already-recorded']);
      expect(titleOf(await request(link))).toBe('Nội dung đã được ghi nhận');
    });
  });

  it('a link to a workflow that does not exist: 404 "Không tìm thấy nhiệm vụ"', async () => {
    const ghost = mint(taskLink['bv-nhi']!, { workflowId: stack.unitWorkflowId('khong-ton-tai') });
    await unchanged('bv-nhi', () => refusedEverywhere(ghost, 404, 'Không tìm thấy nhiệm vụ', 'not-found', planFields('bv-nhi')));
  });
});
