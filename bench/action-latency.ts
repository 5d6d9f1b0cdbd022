/**
 * Issue #10, actions: the latency a unit head sees, from the HTTP POST of the
 * emailed link's form until the web app answers (the Update completed), through
 * the real web app, gateway, worker and mail — against raw `executeUpdate` on a
 * raw tree of the same size, on the same server, in the same run.
 */
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { generateCascade, parseCascade, type Cascade } from '../domain/cascade';
import { parseWorkflowId } from '../domain/ids';
import { mapLimit } from '../runtime/map-limit';
import { planFields, request, startE2eStack, waitFor } from '../test/support/e2e-stack';
import { startCpuMeter, type CpuSample } from '../test/support/cpu-meter';
import { runRawFanout } from './raw/fanout';
import { rawNodeId, rawSubmitUpdate } from './raw/workflows';

/** Latency percentiles of one side. */
export interface LatencySample {
  count: number;
  p50: number;
  p99: number;
  errors: number;
  /** Inside the project's POSTs: the web app's Queries and Updates as its gateway timed them (the rest is the web app itself). */
  steps?: { query: LatencySample; update: LatencySample };
  /** CPU while the actions ran (the timed loop only: no set-up, no form GETs). */
  cpu?: CpuSample;
}

/** @returns the p-th percentile (nearest rank) of sorted values */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarise(times: number[], errors: number): LatencySample {
  const sorted = [...times].sort((a, b) => a - b);
  return { count: times.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors };
}

/** A flat synthetic cascade whose root's plan is issued, so every unit drafts at once. */
function draftingCascade(units: number, tag: string): Cascade {
  const input = generateCascade({ units, depth: 1, fanout: units });
  const parsed = parseCascade({
    ...input,
    id: `bench-actions-${tag}`,
    org: { ...input.org, issuedPlan: { system: 'state', number: '01/KH-BENCH', issuer: 'Ban thử nghiệm', issuedOn: '2026-01-05', title: 'Kế hoạch thử nghiệm' } },
  });
  if (!parsed.ok) throw new Error(`bench cascade is invalid: ${JSON.stringify(parsed).slice(0, 400)}`);
  return parsed.cascade;
}

/**
 * Every unit head of an N-unit cycle submits a plan through the emailed link.
 * @returns the POST latencies (GET of the form not counted)
 */
export async function projectActionLatency(units: number, concurrency: number, log: (l: string) => void): Promise<LatencySample> {
  const stepTimes = { query: [] as number[], update: [] as number[], measuring: false };
  const timed = <T>(into: number[], call: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    return call().finally(() => stepTimes.measuring && into.push(performance.now() - t0));
  };
  const stack = await startE2eStack({
    tag: 'bench', cascade: draftingCascade(units, `${process.pid}`), year: 2027,
    wrapGateway: (g) => ({ getState: (id) => timed(stepTimes.query, () => g.getState(id)), act: (id, input) => timed(stepTimes.update, () => g.act(id, input)) }),
  });
  try {
    await stack.startCycle();
    const drafting = await waitFor(() => {
      const links = stack.mails().filter((m) => m.subject.startsWith('Đề nghị xây dựng kế hoạch')).map((m) => m.links.find((l) => l.includes('/a/')));
      log(`task mails: ${links.length}/${units}`);
      return links.length >= units && links;
    }, 1_800_000, `${units} task mails`);
    const forms = await mapLimit(drafting, 8, async (link) => {
      const page = await request(link!);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      if (!csrf) throw new Error(`no form at ${link} (HTTP ${page.status})`);
      const id = parseWorkflowId(stack.claimsOf(link!).workflowId);
      return { link: link!, csrf, unitId: id?.kind === 'unit' ? id.unitId : 'unit' };
    });
    const times: number[] = [];
    let errors = 0;
    let done = 0;
    // Only the POSTs' own Queries and Updates (the GETs of the forms above also read the state).
    stepTimes.measuring = true;
    const cpu = startCpuMeter();
    await mapLimit(forms, concurrency, async ({ link, csrf, unitId }) => {
      const body = new URLSearchParams({ _csrf: csrf, ...planFields(unitId) }).toString();
      const t0 = performance.now();
      const res = await request(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      times.push(performance.now() - t0);
      if (res.status !== 200) errors++;
      if (++done % 100 === 0) log(`actions: ${done}/${forms.length}`);
    });
    const used = cpu.stop();
    return { ...summarise(times, errors), steps: { query: summarise(stepTimes.query, 0), update: summarise(stepTimes.update, 0) }, cpu: used };
  } finally {
    await stack.stop();
  }
}

/** @returns raw `executeUpdate` latencies on a raw flat tree of N nodes */
export async function rawActionLatency(client: Client, connection: NativeConnection, units: number, concurrency: number, log: (l: string) => void): Promise<LatencySample> {
  let sample: LatencySample | undefined;
  await runRawFanout({
    client, connection, shape: { units, fanout: units }, log,
    whileRunning: async ({ idPrefix }) => {
      const times: number[] = [];
      let errors = 0;
      const ids = Array.from({ length: units }, (_, i) => rawNodeId(idPrefix, i + 1));
      const cpu = startCpuMeter();
      await mapLimit(ids, concurrency, async (id) => {
        const t0 = performance.now();
        try {
          await client.workflow.getHandle(id).executeUpdate(rawSubmitUpdate, { args: ['Kế hoạch thực hiện Chỉ thị 21-CT/TW'] });
        } catch {
          errors++;
        }
        times.push(performance.now() - t0);
      });
      sample = { ...summarise(times, errors), cpu: cpu.stop() };
    },
  });
  return sample!;
}
