/**
 * Determinism and upgrades: histories recorded from real runs (on the dev server
 * of `npm start`) are replayed against the current workflow code. A workflow
 * change that would break running executions fails here unless it is guarded
 * by `patched()` (see workflows/unit-plan.ts, 'notify-first-task': the
 * histories named *-before-notify-first-task were recorded before that change).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../../runtime/config';
import { dataConverterFor } from '../../runtime/data-converter';
import { workflowBundle } from '../support/temporal';

const dir = path.join(__dirname, 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    // The SDK parses the JSON export (as `temporal workflow show -o json` writes it) itself.
    const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const workflowId = file.replace(/\.json$/, '');
    // With the product's data converter: histories recorded before payload encryption
    // hold plain payloads, which the codec passes through unchanged.
    const dataConverter = dataConverterFor(loadConfig({ NODE_ENV: 'test' }));
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter }, history, workflowId)).resolves.toBeUndefined();
  });
});
