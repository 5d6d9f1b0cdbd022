/** A small generated cascade through a whole year on the time-skipping server. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { generateCascade, parseCascade } from '../../domain/cascade';
import { cycleWorkflowId } from '../../domain/ids';
import { createTimeSkippingEnv } from '../support/temporal';
import { startCycle } from '../support/cycle-harness';

describe('small cycle', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs on time from start to the consolidated report', async () => {
    jest.setTimeout(300_000);
    const parsed = parseCascade(generateCascade({ units: 4, depth: 2, fanout: 2 }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const cascade = parsed.cascade;
    const c = await startCycle(env, cascade, 2027, { startOn: '2027-01-18' });
    await c.run(async () => {
      await c.advanceTo('2027-01-19');
      const root = c.unitIds[0]!;
      console.log(await Promise.all(c.unitIds.map(async (id) => [id, (await c.state(id)).stage])));
      for (let round = 0; round < 4; round++) {
        const drafted = await c.doAll('draft-plan');
        const reviewed = await c.doAll('review-plan');
        console.log({ round, drafted, reviewed });
        await c.advanceTo(`2027-02-0${round + 1}`);
      }
      await c.advanceTo('2027-11-01');
      console.log(await Promise.all(c.unitIds.map(async (id) => [id, (await c.state(id)).stage])));
      const reported = await c.doAll('report', () => ({ so_su_kien: 2 }));
      const consolidated1 = await c.doAll('consolidate');
      await c.advanceTo('2027-11-10');
      const reported2 = await c.doAll('report', () => ({ so_su_kien: 2 }));
      const consolidated2 = await c.doAll('consolidate');
      console.log({ reported2 });
      console.log({ reported, consolidated1, consolidated2 });
      console.log(await Promise.all(c.unitIds.map(async (id) => [id, (await c.state(id)).stage])));
      const result = await env.client.workflow.getHandle(cycleWorkflowId(cascade.id, 2027)).result();
      console.log(JSON.stringify(result), root);
      console.log(c.mail.sent.map((s) => `${s.date} ${s.n.kind} ${s.n.workflowId.split('/').pop()} ${s.n.sequence}`).join('\n'));
    });
  });
});
