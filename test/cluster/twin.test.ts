/**
 * The production twin, for real: PostgreSQL 15, Temporal server 1.29.1 with its four
 * services in separate processes, mTLS on the frontend (certificates made now with
 * openssl), the standalone UI server. On it, the production worker activities and
 * the web app run the example cycle's first round through the emailed links, and
 * the cluster survives a `kill -9` of every server process and an immediate
 * (crash) stop of PostgreSQL without losing anything.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTwin, freeTwinPorts, type Twin } from '../../runtime/cluster/twin';
import { connectTemporal, TemporalConnectError, type TemporalConnectionConfig } from '../../runtime/temporal-connection';
import { freePort } from '../../runtime/temporal-dev-server';
import { resolveClusterTools, resolveTemporalCli } from '../../runtime/temporal-tools';
import { makeTestCerts, type TestCerts } from '../support/certs';
import { planFields, startE2eStack, submitThroughPage, waitFor, type E2eMail, type E2eStack } from '../support/e2e-stack';

const ROOT = path.resolve(__dirname, '../..');
const UNITS = ['bv-nhi', 'bv-phu-san'];

let dir: string;
let certs: TestCerts;
let twin: Twin;
let stack: E2eStack;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'twin-test-'));
  // As root, PostgreSQL runs as the postgres OS user, which must traverse this folder.
  chmodSync(dir, 0o755);
  certs = makeTestCerts(path.join(dir, 'certs'));
  twin = await startTwin({
    dataDir: path.join(dir, 'twin'),
    tools: resolveClusterTools(),
    ports: await freeTwinPorts(true),
    separateServices: true,
    tls: {
      certFile: certs.serverCertFile,
      keyFile: certs.serverKeyFile,
      caFile: certs.caFile,
      clientCertFile: certs.clientCertFile,
      clientKeyFile: certs.clientKeyFile,
      serverName: certs.serverName,
    },
  });
  stack = await startE2eStack({ tag: 'twin', onlyUnits: UNITS, temporal: twin.connection });
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  await twin?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

/** The variables an operator sets to reach the twin (Temporal's own names; the `temporal` CLI reads them too). */
function temporalEnv(withClientCert = true): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: twin.address,
    TEMPORAL_NAMESPACE: twin.namespace,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caFile,
    TEMPORAL_TLS_SERVER_NAME: certs.serverName,
    ...(withClientCert ? { TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCertFile, TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKeyFile } : {}),
  };
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', env: { ...clean, ...env, CASCADE_DEBUG: '' }, timeout: 60_000 }, (error, out, err) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}

async function refusal(config: TemporalConnectionConfig): Promise<TemporalConnectError> {
  const err = await connectTemporal(config, { connectTimeout: 2_000 }).then(
    async (c) => {
      await c.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TemporalConnectError);
  return err as TemporalConnectError;
}

describe('production twin (PostgreSQL, 4 server processes, mTLS)', () => {
  it('`temporal operator cluster describe --detail` names postgres12 for persistence and visibility', async () => {
    const cli = resolveTemporalCli();
    if (cli.kind !== 'path') throw new Error('no Temporal CLI');
    const res = await run(cli.path, ['operator', 'cluster', 'describe', '--detail', '-o', 'json'], temporalEnv());
    expect(res.err).toBe('');
    const described = JSON.parse(res.out) as { persistenceStore: string; visibilityStore: string; clusterName: string };
    expect([described.persistenceStore, described.visibilityStore]).toEqual(['postgres12', 'postgres12']);
  });

  it('mTLS: the right client certificate works; none, or a stranger\'s, is refused with one clear line', async () => {
    const ok = await connectTemporal(twin.connection);
    expect((await ok.workflowService.describeNamespace({ namespace: twin.namespace })).namespaceInfo?.name).toBe(twin.namespace);
    await ok.close();

    const withoutCert = await refusal({ address: twin.address, namespace: twin.namespace, tls: { serverCaCertPath: certs.caFile, serverName: certs.serverName } });
    expect(withoutCert.failure).toBe('needs-client-cert');
    expect(withoutCert.message).toBe(`Temporal at ${twin.address} refused the TLS handshake: it requires a client certificate (set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH)`);

    const stranger = await refusal({
      address: twin.address,
      namespace: twin.namespace,
      tls: { serverCaCertPath: certs.caFile, serverName: certs.serverName, clientCertPath: certs.strangerCertFile, clientKeyPath: certs.strangerKeyFile },
    });
    expect(stranger.failure).toBe('cert-refused');
    expect(stranger.message).not.toContain('\n');

    const plaintext = await refusal({ address: twin.address, namespace: twin.namespace });
    expect(plaintext.message).not.toContain('\n');
  });

  it('the Web UI server answers, and the server exposes Prometheus metrics', async () => {
    const ui = await fetch(twin.uiUrl!);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<html');
    expect(twin.metricsUrls).toHaveLength(4);
    for (const url of twin.metricsUrls) {
      const text = await (await fetch(url)).text();
      expect(text).toMatch(/^# TYPE \w+ (counter|gauge|histogram)/m);
    }
    const frontend = await (await fetch(twin.metricsUrls[2]!)).text();
    expect(frontend).toMatch(/^service_requests\{.*operation="DescribeNamespace"/m);
  });
});

describe('the production worker process on the twin', () => {
  it('connects with mTLS from the variables and serves SDK telemetry with the app\'s counters on METRICS_PORT', async () => {
    const metricsPort = await freePort();
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'worker/main.ts')], {
      env: { ...process.env, ...temporalEnv(true), TEMPORAL_TASK_QUEUE: `twin-metrics-${process.pid}`, METRICS_PORT: String(metricsPort), WORKER_NAME: 'twin-metrics' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await waitFor(() => output.includes('polling') || child.exitCode !== null, 180_000, 'the worker to poll');
      expect(output).toContain(`metrics at http://127.0.0.1:${metricsPort}/metrics`);
      const page = await waitFor(async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return /^temporal_\w+/m.test(text) ? text : undefined;
      }, 30_000, 'sdk-core metrics');
      expect(page).toMatch(/^# TYPE cascade_mails_sent_total counter$/m);
      expect(page).toMatch(/^temporal_num_pollers\{.*poller_type="workflow_task"/m);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    }
  }, 240_000);
});

describe('the example cycle on the twin', () => {
  const isTask = (m: E2eMail) => m.subject.startsWith('Đề nghị xây dựng kế hoạch');
  const isApprovalRequest = (m: E2eMail) => m.subject.startsWith('Đề nghị phê duyệt kế hoạch');
  const linkTo = (pred: (m: E2eMail) => boolean, unitId: string) => {
    const wf = stack.unitWorkflowId(unitId);
    return stack.mails().filter(pred).flatMap((m) => m.links).filter((l) => stack.claimsOf(l).workflowId === wf).at(-1);
  };
  /** The whole cycle's histories and states, once the server answers queries again. */
  const snapshot = () => waitFor(() => stack.snapshot(), 120_000, 'a snapshot of the cycle');

  it('first round: started, a plan drafted through the emailed link, approved through the emailed link', async () => {
    await stack.startCycle();
    for (const id of UNITS) await waitFor(() => linkTo(isTask, id), 120_000, `task mail of ${id}`);
    expect((await submitThroughPage(linkTo(isTask, 'bv-nhi')!, planFields('bv-nhi'))).status).toBe(200);
    await waitFor(() => linkTo(isApprovalRequest, 'bv-nhi'), 60_000, 'approval request of bv-nhi');
    expect((await submitThroughPage(linkTo(isApprovalRequest, 'bv-nhi')!, { decision: 'approve', comment: '' })).status).toBe(200);
    expect((await stack.state('bv-nhi')).stage).toBe('implementing');
  });

  it('kill -9 of every server process, then a restart: nothing lost, the cycle goes on', async () => {
    await stack.settle();
    const before = await snapshot();
    await twin.killServer();
    await twin.startServer();
    expect(await snapshot()).toEqual(before);
    expect((await submitThroughPage(linkTo(isTask, 'bv-phu-san')!, planFields('bv-phu-san'))).status).toBe(200);
    await waitFor(() => linkTo(isApprovalRequest, 'bv-phu-san'), 60_000, 'approval request of bv-phu-san');
  });

  it('PostgreSQL stopped with -m immediate and started again: nothing lost, the cycle goes on', async () => {
    await stack.settle();
    const before = await snapshot();
    await twin.postgres.stop('immediate');
    await twin.postgres.start();
    expect(await snapshot()).toEqual(before);
    expect((await submitThroughPage(linkTo(isApprovalRequest, 'bv-phu-san')!, { decision: 'approve', comment: '' })).status).toBe(200);
    expect((await stack.state('bv-phu-san')).stage).toBe('implementing');
    expect(readFileSync(path.join(twin.postgres.pgData, 'PG_VERSION'), 'utf8').trim()).toBe('15');
  });

  it('the CLI over mTLS: refused in one Vietnamese line without a client certificate, shows the cycle with it', async () => {
    const args = ['cycle', 'status', '--year', String(stack.year), '--cascade', stack.cascade.id, '--json'];
    const refused = await run(path.join(ROOT, 'bin/cascade'), args, temporalEnv(false));
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n')).toEqual([
      `lỗi: Temporal tại ${twin.address}: từ chối kết nối TLS: máy chủ đòi chứng thư số của máy khách (đặt TEMPORAL_TLS_CLIENT_CERT_PATH và TEMPORAL_TLS_CLIENT_KEY_PATH)`,
    ]);
    const accepted = await run(path.join(ROOT, 'bin/cascade'), args, temporalEnv(true));
    expect(accepted.err).toBe('');
    const status = JSON.parse(accepted.out) as { units: Array<{ id: string; stage: string }> };
    expect(status.units.filter((u) => UNITS.includes(u.id)).map((u) => u.stage)).toEqual(['implementing', 'implementing']);
  });
});
