/**
 * Issue #10: the engine measured against raw Temporal in the same run, on the
 * same server and with the same worker settings. For each tree shape it runs the
 * raw tree (bench/raw) and then a cycle of the same shape (test/scale harness);
 * then action latency (POST of the emailed link through the web app vs raw
 * executeUpdate), worker RSS per cached workflow, and history per unit-year from
 * the recorded year. Progress on stderr; bench/reports/compare.{json,md} with
 * the machine described. Part of `npm run bench` (bench/compare.bench.ts).
 *
 *   COMPARE_UNITS=1000,10000 COMPARE_SHAPES=deep,flat COMPARE_ACTION_UNITS=1000 COMPARE_RSS_UNITS=300 npm run bench:compare
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { SHIPPED_CALENDAR } from '../domain/calendar';
import { BY_REFERENCE_ABOVE_BYTES } from '../client/shared/start-cycle';
import { resolveTemporalCli } from '../runtime/temporal-tools';
import { freePort, startDevServer } from '../runtime/temporal-dev-server';
import { HISTORY_EVENT_WARN_LIMIT, runScaleCycle, syntheticCascade, type ScaleShape } from '../test/scale/scale-cycle';
import { productDataConverter } from '../test/support/temporal';
import { runRawFanout } from './raw/fanout';
import { projectActionLatency, rawActionLatency } from './action-latency';
import { RECORDED_YEAR_PREFIX, unitYearFigures } from './history-size';
import { logInto, phaseProgress } from './progress-line';
import { measureWorkerRss } from './worker-rss';
import { startFaultCluster } from './faults/cluster';
import { describeCpu, restOfMachine, type CpuSample } from '../test/support/cpu-meter';
import { describeTaskTimings, withTaskMetrics } from './sdk-task-metrics';

/** Workflow types whose tasks the SDK's histograms are read for. */
const RAW_WORKFLOW_TYPE = 'rawTreeNodeWorkflow';
const UNIT_WORKFLOW_TYPE = 'unitPlanWorkflow';

/** A target: a ratio to raw, or a bound in the row's unit. */
export interface CompareTarget {
  kind: 'ratio' | 'max';
  value: number;
}

/** One compared measure. */
export interface CompareRow {
  measure: string;
  server: string;
  /** Absent when raw Temporal has no counterpart (history of a unit-year). */
  raw?: number;
  project: number;
  unit: 'ms' | 'ms p50' | 'ms p99' | 'MiB per workflow' | 'events' | 'KiB';
  ratio?: number;
  target: CompareTarget;
  met: boolean;
}

/** The machine, read at the start and at the end of the run. */
export interface MachineDescription {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  loadAverageStart: number[];
  loadAverageEnd: number[];
}

/** What one run wrote. */
export interface CompareReport {
  startedAt: string;
  finishedAt: string;
  /** False while the run goes on (or when it was stopped): later phases are missing. */
  complete: boolean;
  machine: MachineDescription;
  server: string;
  settings: Record<string, string | number>;
  rows: CompareRow[];
  /** Where each fan-out's CPU went (absent in reports written before it was measured). */
  cpu?: CpuRow[];
  notes: string[];
}

/** The CPU one fan-out used, from its start until every unit (node) ran. */
export interface CpuRow {
  phase: string;
  units: number;
  sample: CpuSample;
}

/** What to measure. */
export interface CompareOptions {
  /** Unit counts of the fan-out comparisons. */
  sizes: number[];
  /** Tree shapes: `deep` (depth 3, fan-out 20) and/or `flat`. */
  kinds: string[];
  /** Plans submitted through the web app (and raw Updates); 0 skips. */
  actionUnits: number;
  /** Units of the flat tree made resident for the RSS figure; 0 skips. */
  rssUnits: number;
  /** Called after each phase with what is measured so far (the report is rewritten, so a stopped run leaves one). */
  checkpoint?: (partial: Pick<CompareReport, 'rows' | 'notes' | 'cpu'>) => void;
  /** Base name of the report files under bench/reports (default `compare`). */
  report?: string;
  /** Which Temporal both sides run on (default the dev server). */
  server?: CompareServerKind;
}

/** The servers a comparison can run on: the CLI dev server in memory, or the production twin (Temporal 1.29.1 on PostgreSQL 15). */
export const COMPARE_SERVERS = ['dev', 'twin'] as const;
/** One of {@link COMPARE_SERVERS}. */
export type CompareServerKind = (typeof COMPARE_SERVERS)[number];

/** Fan-out target of issue #10: at most 1.25 × raw. */
export const FANOUT_TARGET_RATIO = 1.25;
/** Action latency targets of issue #10: p50 ≤ 1.3 ×, p99 ≤ 1.5 × raw executeUpdate. */
export const ACTION_TARGET_RATIO = { p50: 1.3, p99: 1.5 } as const;
/** Worker memory target: at most 0.5 MiB per cached unit workflow. */
export const RSS_TARGET_MIB = 0.5;
/** History targets per unit-year. */
export const UNIT_YEAR_TARGET = { events: 300, kib: 128 } as const;

/** How each report names the server its rows were measured on. */
export const SERVER_LABELS: Record<CompareServerKind, string> = {
  dev: 'Temporal CLI 1.5.1 dev server, in memory',
  twin: 'production twin: Temporal server 1.29.1 on PostgreSQL 15 (one process, 4 history shards)',
};

/** A server both sides run on, started for one comparison. */
interface ComparedServer {
  address: string;
  stop(): Promise<void>;
}

/** Starts the server of one comparison: the dev server in memory, or a twin (as the fault suite starts it) in a fresh folder, removed after. */
async function startComparedServer(kind: CompareServerKind): Promise<ComparedServer> {
  if (kind === 'twin') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-twin-'));
    const twin = await startFaultCluster('twin', dir);
    return {
      address: twin.address,
      async stop() {
        await twin.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const cli = resolveTemporalCli();
  if (cli.kind !== 'path') throw new Error(`No Temporal CLI found (${cli.source}); run scripts/ensure-temporal-cli.sh`);
  return startDevServer({ cliPath: cli.path, port: await freePort(), uiPort: null, logFile: 'test-results/bench-compare-dev-server.log' });
}
const MAX_CACHED = 500;

function shapeOf(kind: string, units: number): ScaleShape {
  if (kind === 'flat') return { units, depth: 1, fanout: units };
  if (kind === 'deep') return { units, depth: 3, fanout: units <= 8420 ? 20 : Math.ceil(Math.cbrt(units)) + 1 };
  throw new Error(`COMPARE_SHAPES: unknown shape "${kind}" (flat, deep)`);
}

const load = (): number[] => os.loadavg().map((n) => Number(n.toFixed(2)));

/** @returns the machine as a report describes it, load average now as its start */
export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.arch()}`,
    node: process.version,
    loadAverageStart: load(),
    loadAverageEnd: [],
  };
}

function ratioRow(server: string, measure: string, unit: CompareRow['unit'], raw: number, project: number, target: number): CompareRow {
  const ratio = project / raw;
  return { measure, server, raw, project, unit, ratio, target: { kind: 'ratio', value: target }, met: ratio <= target };
}

function boundRow(server: string, measure: string, unit: CompareRow['unit'], project: number, bound: number, raw?: number): CompareRow {
  return {
    measure, server, project, unit, target: { kind: 'max', value: bound }, met: project <= bound,
    ...(raw === undefined ? {} : { raw, ratio: project / raw }),
  };
}

/** The production rule: a cycle input above 256 KiB is started by reference. */
function startsByReference(shape: ScaleShape): boolean {
  const cascade = syntheticCascade(shape, 'size-probe');
  return Buffer.byteLength(JSON.stringify({ cascade, year: 2027, calendar: SHIPPED_CALENDAR })) > BY_REFERENCE_ABOVE_BYTES;
}

/**
 * Runs every comparison on one server (the dev server in memory unless `opts.server` says the twin).
 * @param opts what to measure
 * @returns the rows and notes of the report (machine and times filled by {@link runCompare})
 */
export async function compareAll(opts: CompareOptions): Promise<Pick<CompareReport, 'rows' | 'notes' | 'cpu'>> {
  const serverLabel = SERVER_LABELS[opts.server ?? 'dev'];
  const server = await startComparedServer(opts.server ?? 'dev');
  const connection = await Connection.connect({ address: server.address, channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
  const native = await NativeConnection.connect({ address: server.address });
  // Raw workflows carry plain JSON; the project's client encrypts, as every client of the product.
  const rawClient = new Client({ connection });
  const client = new Client({ connection, dataConverter: productDataConverter() });
  // The e2e stack (web app, worker, SMTP listener) finds the server through this variable.
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  const rows: CompareRow[] = [];
  const notes: string[] = [];
  const cpu: CpuRow[] = [];
  const checkpoint = (): void => opts.checkpoint?.({ rows, notes, cpu });
  try {
    const warm = phaseProgress('warm-up (raw 50, project 50; not reported)');
    await runRawFanout({ client: rawClient, connection: native, shape: { units: 50, fanout: 10 }, log: logInto(warm) });
    await runScaleCycle({ client, connection: native, shape: { units: 50, depth: 2, fanout: 10 }, cascadeId: `cmp-warm-${process.pid}`, year: 2027, log: logInto(warm) });
    warm.finish('done');
    let largestHistory = 0;
    for (const units of opts.sizes) {
      for (const kind of opts.kinds) {
        const shape = shapeOf(kind, units);
        const label = `${units} units ${kind} (depth ${shape.depth}, fan-out ${shape.fanout})`;
        const rawBar = phaseProgress(`raw fan-out, ${label}`);
        const rawRun = await withTaskMetrics(sdkMetricsAddress, () => runRawFanout({ client: rawClient, connection: native, shape: { units, fanout: shape.fanout }, log: logInto(rawBar) }));
        const raw = rawRun.result;
        rawBar.finish(`every node running after ${(raw.timeToStartAllMs / 1000).toFixed(1)} s, every first task ran after ${(raw.timeToFirstTaskAllMs / 1000).toFixed(1)} s`);
        const byReference = startsByReference(shape);
        const projectBar = phaseProgress(`project fan-out, ${label}`);
        const projectRun = await withTaskMetrics(sdkMetricsAddress, () => runScaleCycle({
          client, connection: native, shape, cascadeId: `cmp-${kind}-${units}-${process.pid}`, year: 2027, startTimeoutMs: 3_600_000, log: logInto(projectBar), byReference,
        }));
        const project = projectRun.result;
        if (rawRun.timing) notes.push(describeTaskTimings(`Fan-out ${label}, raw`, rawRun.timing, RAW_WORKFLOW_TYPE));
        if (projectRun.timing) notes.push(describeTaskTimings(`Fan-out ${label}, project`, projectRun.timing, UNIT_WORKFLOW_TYPE));
        projectBar.finish(`every unit in its stage after ${(project.timeToStartAllMs / 1000).toFixed(1)} s; largest history ${project.largestHistory.events} events`);
        largestHistory = Math.max(largestHistory, project.largestHistory.events);
        cpu.push({ phase: `raw, ${label}`, units: units + 1, sample: raw.cpu }, { phase: `project, ${label}`, units: project.unitsRunning, sample: project.cpu });
        process.stderr.write(`${describeCpu(`  CPU raw`, raw.cpu, units + 1)}\n${describeCpu(`  CPU project`, project.cpu, project.unitsRunning)}\n`);
        rows.push(ratioRow(serverLabel, `fan-out, ${label}: start → every unit in its stage${byReference ? ' (input by reference)' : ''}`, 'ms', raw.timeToStartAllMs, project.timeToStartAllMs, FANOUT_TARGET_RATIO));
        // The raw time above ends when the server ran every node; the project's when every unit's first task ran and
        // its stage was visible. The raw nodes' first tasks (counted by a sink) are the nearer baseline; both are shown.
        rows.push(ratioRow(serverLabel, `fan-out, ${label}: the same, vs raw until every node's first workflow task ran`, 'ms', raw.timeToFirstTaskAllMs, project.timeToStartAllMs, FANOUT_TARGET_RATIO));
        checkpoint();
      }
    }
    if (opts.sizes.length) rows.push(boundRow(serverLabel, `largest history after the fan-outs above (start of the year only)`, 'events', largestHistory, HISTORY_EVENT_WARN_LIMIT));
    if (opts.rssUnits > 0) {
      const sides = {} as Record<'raw' | 'project', Awaited<ReturnType<typeof measureWorkerRss>>>;
      for (const side of ['raw', 'project'] as const) {
        const bar = phaseProgress(`worker RSS, ${side}, ${opts.rssUnits} resident workflows`);
        sides[side] = await measureWorkerRss({ side, address: server.address, client: side === 'raw' ? rawClient : client, units: opts.rssUnits, log: logInto(bar) });
        const s = sides[side];
        bar.finish(`RSS ${(s.beforeBytes / 2 ** 20).toFixed(0)} → ${(s.afterBytes / 2 ** 20).toFixed(0)} MiB for ${s.workflows} workflows`);
      }
      const mib = (b: number): number => b / 2 ** 20;
      rows.push(boundRow(serverLabel,
        `worker RSS per cached workflow: ${sides.project.workflows} resident (flat cycle), cache ${sides.project.maxCachedWorkflows}, after a full GC`,
        'MiB per workflow', mib(sides.project.perWorkflowBytes), RSS_TARGET_MIB, mib(sides.raw.perWorkflowBytes),
      ));
      const parsed = sides.project.afterParsePerWorkflowBytes;
      if (parsed !== undefined) {
        rows.push(boundRow(serverLabel,
          `worker RSS per cached workflow, the same units after each parsed one message (an empty plan its validator refused: zod and the schemas built in every run)`,
          'MiB per workflow', mib(parsed), RSS_TARGET_MIB, mib(sides.raw.perWorkflowBytes),
        ));
      }
      notes.push(`Worker RSS: a worker alone in a child process; RSS read after a full GC, after a 10-unit warm-up and again once the measured flat tree is resident. Raw ${mib(sides.raw.beforeBytes).toFixed(0)} → ${mib(sides.raw.afterBytes).toFixed(0)} MiB for ${sides.raw.workflows} workflows; project ${mib(sides.project.beforeBytes).toFixed(0)} → ${mib(sides.project.afterBytes).toFixed(0)} MiB for ${sides.project.workflows} (units and the cycle)${sides.project.afterParseBytes === undefined ? '' : `, ${mib(sides.project.afterParseBytes).toFixed(0)} MiB once every unit parsed a message`}. A unit builds zod and its message schemas on its first parse (workflows/schemas-on-demand.ts): most units of a year wait and parse nothing; the second row is a cache full of units a head just acted on.`);
      checkpoint();
    }
    const year = unitYearFigures();
    const root = year.units.reduce((a, h) => (h.events > a.events ? h : a));
    const children = year.units.filter((h) => !h.parent).length;
    rows.push(
      boundRow(serverLabel, `history events per unit-year, mean of the recorded year (${year.units.length} units' histories + the cycle's ÷ ${year.units.length})`, 'events', year.meanEventsWithCycle, UNIT_YEAR_TARGET.events),
      boundRow(serverLabel, `history bytes per unit-year, same mean (protobuf)`, 'KiB', year.meanBytesWithCycle / 1024, UNIT_YEAR_TARGET.kib),
      boundRow(serverLabel, `history events of one unit-year, most: ${root.file.replace(/\.json$/, '')} (${root.parent ? 'the root, a parent' : 'a unit'})`, 'events', year.maxEvents, UNIT_YEAR_TARGET.events),
      boundRow(serverLabel, `history bytes of one unit-year, most`, 'KiB', year.maxBytes / 1024, UNIT_YEAR_TARGET.kib),
      boundRow(serverLabel, `history events of one unit-year, most among the ${children} units without children`, 'events', Math.max(...year.units.filter((h) => !h.parent).map((h) => h.events)), UNIT_YEAR_TARGET.events),
      boundRow(serverLabel, `largest history of the recorded year`, 'events', Math.max(year.cycle.events, year.maxEvents), HISTORY_EVENT_WARN_LIMIT),
    );
    notes.push(
      `History per unit-year is measured on the recorded whole-year histories (test/replay/histories/${RECORDED_YEAR_PREFIX}*.json, the newest recording: the shipped example under the time-skipping server, with a plan returned and redrafted, late drafts and reviews with every reminder and rung, a reassignment, a unit added and two removed), not on a year simulated in this run. The recorder writes plain JSON payloads; encrypted ones are larger. The example has 10 units, so the cycle's and the root's histories weigh on the mean far more than in a cascade of hundreds.`,
    );
    checkpoint();
    if (opts.actionUnits > 0) {
      const concurrency = 4;
      const rawBar = phaseProgress(`raw executeUpdate, ${opts.actionUnits} nodes, ${concurrency} at a time`);
      const rawRun = await withTaskMetrics(sdkMetricsAddress, () => rawActionLatency(rawClient, native, opts.actionUnits, concurrency, logInto(rawBar)));
      const raw = rawRun.result;
      rawBar.finish(`p50 ${raw.p50.toFixed(1)} ms, p99 ${raw.p99.toFixed(1)} ms, errors ${raw.errors}`);
      const projectBar = phaseProgress(`project POST → Update, ${opts.actionUnits} units, ${concurrency} at a time`);
      const projectRun = await withTaskMetrics(sdkMetricsAddress, () => projectActionLatency(opts.actionUnits, concurrency, logInto(projectBar)));
      const project = projectRun.result;
      // Both phases also start their trees (every node's or unit's first task is counted too).
      if (rawRun.timing) notes.push(describeTaskTimings('Actions, raw tree started and updated', rawRun.timing, RAW_WORKFLOW_TYPE));
      if (projectRun.timing) notes.push(describeTaskTimings('Actions, project cycle started and plans submitted', projectRun.timing, UNIT_WORKFLOW_TYPE));
      projectBar.finish(`p50 ${project.p50.toFixed(1)} ms, p99 ${project.p99.toFixed(1)} ms, errors ${project.errors}`);
      if (raw.cpu) cpu.push({ phase: `raw executeUpdate, ${raw.count} Updates`, units: raw.count, sample: raw.cpu });
      if (project.cpu) cpu.push({ phase: `project POST → Update, ${project.count} plans (web app, worker, mail and SMTP listener in this process)`, units: project.count, sample: project.cpu });
      if (raw.errors || project.errors) throw new Error(`action errors: raw ${raw.errors}, project ${project.errors}`);
      const steps = project.steps;
      if (steps) {
        const queries = steps.query.count
          ? `${steps.query.count} state Queries, p50 ${steps.query.p50.toFixed(1)} ms, p99 ${steps.query.p99.toFixed(1)} ms`
          : 'no state Query (the web app kept each unit\'s state from the GET of its form: client/web/state-cache.ts)';
        notes.push(`Inside the project's POSTs (the web app's gateway timed): ${queries}; ${steps.update.count} Updates, p50 ${steps.update.p50.toFixed(1)} ms, p99 ${steps.update.p99.toFixed(1)} ms (raw executeUpdate p50 ${raw.p50.toFixed(1)} ms); the rest of a POST (token, CSRF, form, page) is the web app.`);
      }
      for (const p of ['p50', 'p99'] as const) {
        rows.push(ratioRow(serverLabel, `action ${p}: HTTP POST of the emailed link → Update completed, ${project.count} plans over ${opts.actionUnits} units, vs raw executeUpdate`, `ms ${p}`, raw[p], project[p], ACTION_TARGET_RATIO[p]));
      }
    }
  } finally {
    await native.close();
    await connection.close();
    await server.stop();
  }
  return { rows, notes, cpu };
}

function formatValue(r: CompareRow, v: number): string {
  if (r.unit === 'ms') return `${(v / 1000).toFixed(1)} s`;
  if (r.unit === 'ms p50' || r.unit === 'ms p99') return `${v.toFixed(1)} ms`;
  if (r.unit === 'MiB per workflow') return `${v.toFixed(3)} MiB`;
  if (r.unit === 'KiB') return `${v.toFixed(1)} KiB`;
  return `${Math.round(v).toLocaleString('en-US')} events`;
}

/** @returns the rows as a Markdown table */
export function markdownTable(rows: CompareRow[]): string {
  const head = '| measure | raw Temporal | this project | ratio | target | met |\n| --- | --- | --- | --- | --- | --- |';
  const body = rows.map((r) => {
    const target = r.target.kind === 'ratio' ? `≤ ${r.target.value}× raw` : `≤ ${formatValue(r, r.target.value)}`;
    return `| ${r.measure} | ${r.raw === undefined ? '-' : formatValue(r, r.raw)} | ${formatValue(r, r.project)} | ${r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}×`} | ${target} | ${r.met ? 'met' : 'not met'} |`;
  });
  return [head, ...body].join('\n');
}

/** @returns where each fan-out's CPU went, as a Markdown table with its heading */
export function cpuTable(rows: CpuRow[]): string {
  const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const perUnit = (ms: number, units: number): string => `${(ms / units).toFixed(2)} ms`;
  const head = [
    '### Where the CPU went',
    '',
    'Fan-outs: from the start until every unit (node) ran. Actions: the timed POSTs or Updates only, "per unit" meaning per action. "This process" is the bench\'s worker and client; "the rest" is the machine\'s busy time minus it: the Temporal server (and PostgreSQL on the twin), and anything else running then.',
    '',
    '| phase | wall | this process: CPU (per unit) | the rest: CPU (per unit) | machine busy |',
    '| --- | --- | --- | --- | --- |',
  ];
  const body = rows.map(({ phase, units, sample: s }) => {
    const machine = restOfMachine(s);
    const rest = machine?.restMs;
    const busy = machine ? `${machine.busyPercent} % of ${s.cores} cores` : '-';
    return `| ${phase} | ${sec(s.wallMs)} | ${sec(s.processMs)} (${perUnit(s.processMs, units)}) | ${rest === undefined ? '-' : `${sec(rest)} (${perUnit(rest, units)})`} | ${busy} |`;
  });
  return [...head, ...body].join('\n');
}

/**
 * Writes bench/reports/<name>.{json,md}.
 * @param report what the run measured
 * @param name base name of the files (default `compare`)
 * @returns the Markdown file's path
 */
export function writeReport(report: CompareReport, name = 'compare'): string {
  const dir = path.join(__dirname, 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const m = report.machine;
  const md = [
    `# directive-cascade vs raw Temporal (${report.startedAt.slice(0, 10)})`,
    '',
    ...(report.complete ? [] : ['**Incomplete run**: the phases after the last row did not finish (stopped, or still running).', '']),
    `Run ${report.startedAt} → ${report.finishedAt}, one run, raw and project one after the other on the same server (${report.server}) with the same worker settings.`,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. Load average (1, 5, 15 min) at the start ${m.loadAverageStart.join(', ')}, at the end ${m.loadAverageEnd.join(', ')}: the machine is shared with other builds and benches, so every time here is from a loaded machine; the ratios (raw and project under the same load, minutes apart) say more than the absolute times.`,
    '',
    `Settings: ${Object.entries(report.settings).map(([k, v]) => `${k} ${v}`).join('; ')}.`,
    '',
    markdownTable(report.rows),
    '',
    ...(report.cpu?.length ? [cpuTable(report.cpu), ''] : []),
    ...report.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  const file = path.join(dir, `${name}.md`);
  writeFileSync(file, md);
  return file;
}

/** The worker and harness settings both sides share (or differ in by design). */
const settings: Record<string, string | number> = {
  'worker maxCachedWorkflows (fan-out, both sides)': MAX_CACHED,
  'visibility poll': '1 s (both sides)',
  'action concurrency': 4,
  'raw children per run': 1000,
  'project children per run (CHILD_BATCH)': 200,
  // BENCH_NO_PRELOAD=1 (test/support/temporal.ts) builds the bundle as before worker/workflow-bundle.ts, for before/after figures.
  'workflow bundle shares (preloadModules)': process.env.BENCH_NO_PRELOAD === '1' ? 'nothing (BENCH_NO_PRELOAD=1, as before)' : 'the lunar calendar library (worker/workflow-bundle.ts)',
};

/**
 * Runs the comparison and writes the report.
 * @param opts what to measure
 * @returns the report
 */
export async function runCompare(opts: CompareOptions): Promise<CompareReport> {
  const machine = describeMachine();
  const startedAt = new Date().toISOString();
  const reportOf = (partial: Pick<CompareReport, 'rows' | 'notes' | 'cpu'>, complete: boolean): CompareReport => ({
    startedAt,
    finishedAt: new Date().toISOString(),
    complete,
    machine: { ...machine, loadAverageEnd: load() },
    server: SERVER_LABELS[opts.server ?? 'dev'],
    settings,
    ...partial,
  });
  const { rows, notes, cpu } = await compareAll({ ...opts, checkpoint: (partial) => writeReport(reportOf(partial, false), opts.report) });
  const report = reportOf({ rows, notes, cpu }, true);
  process.stdout.write(`${markdownTable(rows)}\n`);
  process.stderr.write(`report: ${writeReport(report, opts.report)}\n`);
  return report;
}


/** @returns the options from COMPARE_UNITS, COMPARE_SHAPES, COMPARE_ACTION_UNITS, COMPARE_RSS_UNITS, COMPARE_REPORT (the report's base name), COMPARE_SERVER (dev or twin) */
export function compareOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CompareOptions {
  const sizes = (env.COMPARE_UNITS ?? '1000').split(',').filter((s) => s.trim()).map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error('COMPARE_UNITS: whole numbers ≥ 10, comma separated (e.g. 1000,10000)');
  const kinds = (env.COMPARE_SHAPES ?? 'deep,flat').split(',').map((s) => s.trim());
  kinds.forEach((k) => shapeOf(k, 10));
  const count = (name: string, fallback: number): number => {
    const n = Number(env[name] ?? fallback);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: a whole number (0 skips it)`);
    return n;
  };
  const server = (env.COMPARE_SERVER ?? 'dev') as CompareServerKind;
  if (!COMPARE_SERVERS.includes(server)) throw new Error(`COMPARE_SERVER: "${env.COMPARE_SERVER}" is not one of ${COMPARE_SERVERS.join(', ')}`);
  const report = env.COMPARE_REPORT ?? 'compare';
  if (!/^[a-z0-9-]+$/.test(report)) throw new Error('COMPARE_REPORT: a base name of lower-case letters, digits and dashes (e.g. compare-before)');
  return { sizes, kinds, actionUnits: count('COMPARE_ACTION_UNITS', 1000), rssUnits: count('COMPARE_RSS_UNITS', 300), report, server };
}

/** Where the SDK's runtime serves its Prometheus metrics in this process, once {@link quietSdkLogs} installed it. */
let sdkMetricsAddress: string | undefined;

/**
 * Quiets the SDK's logs (a loaded machine makes it warn about every slow workflow
 * task) and serves its task metrics on a loopback port for the reports; once per process.
 */
export async function quietSdkLogs(): Promise<void> {
  try {
    const address = `127.0.0.1:${await freePort()}`;
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} }, metrics: { prometheus: { bindAddress: address } } },
    });
    sdkMetricsAddress = address;
  } catch {
    // Already installed by an earlier bench of the same run.
  }
}

if (require.main === module) {
  quietSdkLogs().then(() => runCompare(compareOptionsFromEnv())).catch((e: unknown) => {
    process.stderr.write(`compare failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
