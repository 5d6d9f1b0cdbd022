/**
 * Acceptance: the Temporal Web UI of the dev server, started as `npm start`
 * starts it (`--ui-codec-endpoint` pointing at the web app's codec endpoint),
 * shows an encrypted workflow input decoded, in real headless Chromium. The
 * history itself holds only ciphertext (checked through a client without codec).
 */
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/web/app';
import { SHIPPED_CALENDAR } from '../../domain/calendar';
import { loadConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import { freePort, startDevServer, type DevServer } from '../../runtime/temporal-dev-server';
import { resolveTemporalCli } from '../../runtime/temporal-tools';
import { cascadeCycleWorkflow } from '../../workflows/cascade-cycle';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { exampleCascade } from '../support/e2e-stack';
import { FakeGateway } from '../web/fake-gateway';

let server: DevServer | undefined;
let app: FastifyInstance | undefined;
let browser: TestBrowser | undefined;
let connection: Connection | undefined;

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await connection?.close();
  await server?.stop();
});

describe('Temporal UI with the codec endpoint', () => {
  it('shows a unit head\'s name from the encrypted input, decoded through the web app', async () => {
    const cli = resolveTemporalCli();
    if (cli.kind !== 'path') throw new Error(`No Temporal CLI found (${cli.source})`);
    const [grpcPort, uiPort, webPort] = [await freePort(), await freePort(), await freePort()];
    const uiOrigin = `http://127.0.0.1:${uiPort}`;
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', PUBLIC_BASE_URL: `http://127.0.0.1:${webPort}`, CODEC_CORS_ORIGINS: uiOrigin });
    const token = config.codec.endpointToken!;
    app = await buildServer({ config, gateway: new FakeGateway(), log: false });
    await app.listen({ host: '127.0.0.1', port: webPort });
    server = await startDevServer({ cliPath: cli.path, port: grpcPort, uiPort, uiCodecEndpoint: `http://127.0.0.1:${webPort}/codec/${token}`, logFile: 'test-results/ui-codec-dev-server.log' });

    // Started without a worker: the input is in the first event of the history, encrypted.
    // The org first, so the root unit head's name is on the first screen of the UI's input view
    // (its code view renders only the visible lines).
    const example = exampleCascade('ui', ['bv-nhi']);
    const { org, ...rest } = example;
    const cascade = { org, ...rest };
    const headName = cascade.org.head.name;
    const workflowId = `ui-codec-${Date.now()}`;
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, dataConverter: dataConverterFor(config) });
    const handle = await client.workflow.start(cascadeCycleWorkflow, { taskQueue: 'ui-codec-no-worker', workflowId, args: [{ cascade, year: 2027, calendar: SHIPPED_CALENDAR }] });
    const rawHistory = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
    expect(Buffer.from(JSON.stringify(rawHistory.events)).toString()).not.toContain(headName);

    browser = await launchBrowser({ javaScriptEnabled: true, viewport: { width: 1400, height: 1000 } });
    const page = await browser.context.newPage();
    const decodeCalls: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/decode')) decodeCalls.push(r.status());
    });
    await page.goto(`${server.uiUrl}/namespaces/default/workflows/${workflowId}/${handle.firstExecutionRunId}/history`, { timeout: 90_000 });
    await page.getByText(headName, { exact: false }).first().waitFor({ timeout: 90_000 });
    expect(decodeCalls.length).toBeGreaterThan(0);
    expect(decodeCalls.every((s) => s === 200)).toBe(true);
    await handle.terminate('UI check done');
  }, 240_000);
});
