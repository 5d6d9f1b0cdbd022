/**
 * Acceptance of payload encryption: a whole planning round of the example
 * cascade (units draft their plans through the mailed links, the approver
 * approves through hers) runs on the dev server with the product's data
 * converter; then every history is read raw, from a client WITHOUT the codec,
 * as an operator of the Temporal database would see it. No email address, no
 * person's name and no plan text may appear; search attributes and workflow
 * ids are slugs. The same histories, decoded with the codec, do contain them
 * (so the search is shown able to find them).
 */
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { createEncryptionCodec, isEncrypted } from '../../runtime/payload-codec';
import { planFields, startE2eStack, submitThroughPage, type E2eStack } from '../support/e2e-stack';

const UNITS = ['bv-nhi', 'bv-phu-san'];
/** An address with a domain (worker identities like "1234@host" and "@temporalio/worker@1.24.0" are not). */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/;

let stack: E2eStack;
let raw: { client: Client; connection: Connection };

beforeAll(async () => {
  stack = await startE2eStack({ tag: 'rawhist', onlyUnits: UNITS });
  const connection = await Connection.connect({ address: stack.config.temporal.address, channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
  raw = { connection, client: new Client({ connection, namespace: stack.config.temporal.namespace }) };
  await stack.startCycle();
}, 120_000);

afterAll(async () => {
  await raw?.connection.close();
  await stack?.stop();
});

/**
 * Every payload and every string of a history event tree. Search attributes are
 * payloads the server must index, so they stay plain by design: their strings are
 * collected (and checked to be slugs below), they are not counted as payloads.
 */
function walk(node: unknown, out: { payloads: Payload[]; strings: string[] }, inSearchAttributes = false): void {
  if (node === null || node === undefined) return;
  if (typeof node === 'string') out.strings.push(node);
  else if (node instanceof Uint8Array) out.strings.push(Buffer.from(node).toString('utf8'));
  else if (Array.isArray(node)) node.forEach((n) => walk(n, out, inSearchAttributes));
  else if (typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (!inSearchAttributes && o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') {
      out.payloads.push(o);
      // Ciphertext is random bytes (it can spell anything, e.g. "a@b.c"): only plain payloads are read as text.
      if (isEncrypted(o)) return walk(o.metadata, out);
    }
    for (const [k, v] of Object.entries(o)) walk(v, out, inSearchAttributes || k === 'searchAttributes');
  }
}

describe('what the Temporal server stores for a planning round', () => {
  it('holds no email, name or plan text in plain text; ids and search attributes are slugs', async () => {
    const approver = stack.units[0]!;
    const plans: Record<string, Record<string, string>> = {};
    for (const id of UNITS) {
      const unit = stack.units.find((u) => u.id === id)!;
      const mail = await stack.waitForMail((m) => m.to === unit.head.email && m.subject.startsWith('Đề nghị xây dựng kế hoạch'), 60_000, `task mail of ${id}`);
      plans[id] = planFields(id);
      expect((await submitThroughPage(mail.links.find((l) => l.includes('/a/'))!, plans[id])).status).toBe(200);
      const review = await stack.waitForMail((m) => m.to === approver.head.email && m.subject === `Đề nghị phê duyệt kế hoạch của ${unit.name}`, 60_000, `review mail of ${id}`);
      expect((await submitThroughPage(review.links.find((l) => l.includes('/a/'))!, { decision: 'approve', comment: `Đồng ý kế hoạch của ${unit.name}.` })).status).toBe(200);
      expect((await stack.state(id)).stage).toBe('implementing');
    }
    await stack.settle();

    const people = stack.units.flatMap((u) => [u.head, ...(u.substitutes ?? [])]);
    const secrets = [
      ...people.map((p) => p.email),
      ...people.map((p) => p.name),
      ...UNITS.flatMap((id) => [plans[id]!.title!, plans[id]!.summary!, plans[id]!.planNumber!, plans[id]!['activities.II.1']!]),
      ...UNITS.map((id) => `Đồng ý kế hoạch của ${stack.units.find((u) => u.id === id)!.name}.`),
    ];
    const codec = createEncryptionCodec(stack.config.codec.keys);
    const levels = new Set(stack.units.map((u) => JSON.stringify(u.level)));
    let payloadCount = 0;
    let decodedHits = 0;
    for (const workflowId of stack.workflowIds()) {
      expect(workflowId).toMatch(/^[a-z0-9][a-z0-9/_.-]*$/);
      const history = await raw.client.workflow.getHandle(workflowId).fetchHistory();
      const found = { payloads: [] as Payload[], strings: [] as string[] };
      walk(history.events, found);
      const text = found.strings.join('\n');
      expect(text).not.toMatch(EMAIL);
      for (const s of secrets) expect(text.includes(s) ? `${workflowId} holds "${s}"` : '').toBe('');
      // Every payload of the history is encrypted, but the SDK's own patch markers
      // (`patched('notify-first-task')`: id and flag, written by the SDK core past the codec).
      payloadCount += found.payloads.length;
      const patchMarker = (p: Payload) => /^\{"id":"[a-z0-9-]+","deprecated":(true|false)\}$/.test(Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
      expect(found.payloads.filter((p) => !isEncrypted(p) && !patchMarker(p)).map((p) => `${workflowId}: ${Buffer.from(p.data ?? new Uint8Array()).toString('utf8')} ${JSON.stringify(Object.keys(p.metadata ?? {}))}`)).toEqual([]);
      // Search attributes: slugs, stages, dates, booleans only.
      for (const e of history.events ?? []) {
        const sa = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? e.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ?? {};
        for (const [name, p] of Object.entries(sa)) {
          const value = Buffer.from(p.data ?? new Uint8Array()).toString('utf8');
          // The org level is a category of units ("Sở Y tế"), the same for many; never a person.
          if (name === 'CascadeLevel') {
            expect(levels).toContain(value);
            continue;
          }
          expect(`${name}=${value}`).toMatch(/^(Cascade\w+|TemporalChangeVersion)=("[a-z0-9/_.:+-]*"|\["[a-z0-9/_.:+-]*"\]|true|false|null|"\d{4}-\d{2}-\d{2}T[\d:.]+Z")$/);
        }
      }
      // The same history, decoded with the codec, does carry what was hidden.
      const plain = Buffer.concat((await codec.decode(found.payloads)).map((p) => Buffer.from(p.data ?? new Uint8Array()))).toString('utf8');
      if (secrets.some((s) => plain.includes(s))) decodedHits++;
    }
    expect(payloadCount).toBeGreaterThan(20);
    expect(decodedHits).toBeGreaterThanOrEqual(UNITS.length);
  });
});
