/**
 * Issue 15 items 2 and 3 through the real web app, worker, mail and Temporal:
 * a substitute gets their own link and acts as themselves; an "approve" and a
 * "return" of the same revision race, the first wins, the later different one is
 * refused naming who decided what and when, the same one again is "already recorded".
 */
import { planFields, request, submitThroughPage, startE2eStack, type E2eStack, type Fetched } from '../support/e2e-stack';

const UNIT = 'bv-da-khoa-tinh'; // the example's unit with a substitute
let stack: E2eStack;

beforeAll(async () => {
  stack = await startE2eStack({ tag: 'race', onlyUnits: [UNIT, 'bv-nhi'] });
  await stack.startCycle();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const api = (link: string, body: unknown): Promise<Fetched> =>
  request(link.replace('/a/', '/api/a/'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('a substitute acts with their own link and is recorded as the actor; approve and return race, the first decision wins', async () => {
  const unit = stack.units.find((u) => u.id === UNIT)!;
  const substitute = unit.substitutes[0]!;
  const isTaskMail = (to: string) => (m: { to: string; subject: string }) => m.to === to && m.subject.startsWith('Đề nghị xây dựng kế hoạch');
  const [headMail, subMail] = await Promise.all([
    stack.waitForMail(isTaskMail(unit.head.email), 60_000, 'head task mail'),
    stack.waitForMail(isTaskMail(substitute.email), 60_000, 'substitute task mail'),
  ]);
  expect(subMail.links[0]).not.toBe(headMail.links[0]);
  expect(subMail.mail.envelope.to).toEqual([substitute.email]);

  const submitted = await submitThroughPage(subMail.links[0]!, planFields(UNIT));
  expect(submitted.status).toBe(200);
  const afterPlan = await stack.state(UNIT);
  expect(afterPlan.stage).toBe('in-review');
  expect(afterPlan.actions?.['draft-plan:0']?.actor).toBe(substitute.email);

  const approver = stack.cascade.org.head.email;
  const review = await stack.waitForMail((m) => m.to === approver && m.subject.includes('phê duyệt') && m.text.includes(unit.name), 60_000, 'approval request');
  const link = review.links[0]!;
  const [approve, giveBack] = await Promise.all([
    api(link, { decision: 'approve', comment: '' }),
    api(link, { decision: 'return', comment: 'Bổ sung chỉ tiêu cán bộ nữ.' }),
  ]);
  const answers = [approve, giveBack].map((r) => ({ status: r.status, body: JSON.parse(r.body) as { status: string; title: string; message: string } }));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  const winner = answers[0]!.status === 200 ? 'approve' : 'return';
  const loser = answers.find((a) => a.status === 409)!;
  const verb = winner === 'approve' ? 'phê duyệt' : 'trả lại';
  expect(loser.body).toMatchObject({ status: 'rejected', title: 'Kế hoạch đã có quyết định trước đó' });
  expect(loser.body.message).toMatch(new RegExp(`^Kế hoạch đã được ${approver.replace(/[.]/g, '\\.')} ${verb} lúc \\d\\d:\\d\\d ngày \\d\\d/\\d\\d/\\d{4}; quyết định sau không được ghi nhận\\.`));

  const state = await stack.state(UNIT);
  expect(state.actions?.['review-plan:0']).toMatchObject({ actor: approver, decision: winner });
  expect(state).toMatchObject(winner === 'approve' ? { stage: 'implementing', revision: 0 } : { stage: 'drafting', revision: 1 });

  // Later: the same decision again is "already recorded"; the other one is still refused the same way.
  const same = await api(link, winner === 'approve' ? { decision: 'approve', comment: '' } : { decision: 'return', comment: 'Bổ sung chỉ tiêu cán bộ nữ.' });
  expect([same.status, (JSON.parse(same.body) as { status: string }).status]).toEqual([200, 'already-recorded']);
  const other = await api(link, winner === 'approve' ? { decision: 'return', comment: 'Trả lại' } : { decision: 'approve', comment: '' });
  expect(other.status).toBe(409);
  expect((JSON.parse(other.body) as { message: string }).message).toBe(loser.body.message);
  expect(await stack.state(UNIT)).toEqual(state);
});
