/**
 * The suite's table: one row per run, the columns the issue asks for, as text
 * for the terminal and as a Markdown report (with the JSON beside it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FaultKind, FaultRunReport } from './scenario';

const FAULT_LABELS: Record<FaultKind, string> = {
  'worker-sigkill': 'worker SIGKILL',
  'server-kill-9': 'server kill -9',
  'postgres-immediate-restart': 'PostgreSQL immediate restart',
  'smtp-outage': 'SMTP outage',
};

const HEAD = ['run', 'faults injected (count)', 'units completed', 'acknowledged submissions', 'lost', 'applied twice', 'duplicate emails (Message-ID)', 'held for an admin: arrived / resent', 'p50 ms', 'p99 ms', 'wall time'];
const BURST_HEAD = ['run', 'burst POSTs at once', 'acknowledged within', 'answers not 200 (retried)', 'p50 ms', 'p99 ms'];

function faultsCell(r: FaultRunReport): string {
  const parts = (Object.keys(FAULT_LABELS) as FaultKind[]).filter((k) => r.injected[k] > 0).map((k) => `${FAULT_LABELS[k]} ×${r.injected[k]}`);
  if (r.options.smtpOutageMs > 0 && r.injected['smtp-outage'] > 0) parts[parts.length - 1] = `${parts.at(-1)!} (${Math.round(r.options.smtpOutageMs / 1000)} s)`;
  return parts.join(', ') || 'none';
}

function rows(reports: FaultRunReport[]): { main: string[][]; burst: string[][] } {
  return {
    main: reports.map((r) => [
      `${r.cluster}, ${r.verdict.units} units${r.timedOut ? ' (TIMED OUT)' : ''}`,
      faultsCell(r),
      `${r.verdict.unitsCompleted}/${r.verdict.units}`,
      String(r.verdict.acknowledged),
      String(r.verdict.lost.length),
      String(r.verdict.appliedTwice.length),
      String(r.duplicateMails),
      r.options.mailUncertain === 'hold' ? `${r.heldMail.held}: ${r.heldMail.arrived} / ${r.heldMail.resent}` : '– (resend)',
      String(r.p50Ms),
      String(r.p99Ms),
      `${(r.wallMs / 1000).toFixed(0)} s`,
    ]),
    burst: reports.map((r) => [`${r.cluster}, ${r.verdict.units} units`, String(r.burst.posts), `${(r.burst.windowMs / 1000).toFixed(1)} s`, String(r.burst.errors), String(r.burst.p50Ms), String(r.burst.p99Ms)]),
  };
}

function markdown(head: string[], body: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** @returns the tables as Markdown (readable as plain text too) */
export function formatReports(reports: FaultRunReport[]): string {
  const { main, burst } = rows(reports);
  return `${markdown(HEAD, main)}\n\nThe last day (leaf units' plans posted together${reports.some((r) => r.options.doubleClick) ? ', each twice at once' : ''}):\n\n${markdown(BURST_HEAD, burst)}\n`;
}

/**
 * Writes `<name>.md` (tables, configuration, how it was run) and `<name>.json`.
 * @returns the paths written
 */
export function writeReports(dir: string, name: string, reports: FaultRunReport[], command: string): string[] {
  mkdirSync(dir, { recursive: true });
  const md = path.join(dir, `${name}.md`);
  const json = path.join(dir, `${name}.json`);
  const details = reports
    .map((r) => {
      const o = r.options;
      return [
        `- **${r.cluster}**: ${o.units} units below the root (depth ${o.depth}, fan-out ${o.fanout}), ${o.workers} worker processes, a fault every ${o.faultSpacingMs / 1000} s, server down ${o.serverDownMs / 1000} s per kill, seed ${o.seed}; MAIL_UNCERTAIN_COPIES=${o.mailUncertain ?? 'resend'}.`,
        `  Timeline from the cycle's start: first acknowledgement ${r.timeline.firstAckS} s, burst released ${r.timeline.burstReleasedS} s, round finished ${r.timeline.roundDoneS} s. Answers that were not an acknowledgement (retried), by HTTP status (0: no answer): ${JSON.stringify(r.notAcknowledged)}.`,
        `  ${r.submissions} submissions (${r.posts} POSTs), ${r.verdict.updatesAccepted} Updates applied and ${r.verdict.updatesAlreadyRecorded} repeats answered "already recorded" in the histories; ${r.mails} mails, ${r.distinctMails} distinct.`,
        ...(r.verdict.lost.length ? [`  LOST: ${r.verdict.lost.join(', ')}`] : []),
        ...(r.verdict.appliedTwice.length ? [`  APPLIED TWICE: ${r.verdict.appliedTwice.join(', ')}`] : []),
      ].join('\n');
    })
    .join('\n');
  const text = `# Fault suite report (${new Date().toISOString().slice(0, 10)})\n\nCommand: \`${command}\`\n\n${formatReports(reports)}\n${details}\n\nLatencies are of the POSTs a page acknowledged (the web app, Temporal Update and the answer), in milliseconds; retries after an error are counted separately.\n`;
  writeFileSync(md, text);
  writeFileSync(json, `${JSON.stringify(reports, null, 2)}\n`);
  return [md, json];
}
