/**
 * The short version of the fault suite (bench/faults, `npm run faults` runs the
 * long one): 100 units below the root on a durable dev server of its own, 3 worker
 * processes, 5 SIGKILLs of a random worker and 1 kill -9 of the server while the
 * heads act through the web app over HTTP with the links from real mails; the 100
 * plans are posted together, each twice at once (200 concurrent POSTs). The verdict
 * comes from the workflows' states and histories: every unit finished its planning
 * round, every acknowledged submission is in state, none was applied twice.
 * The workers hold the mail copies a crash left uncertain (MAIL_UNCERTAIN_COPIES=hold)
 * and a simulated admin answers them, so the held path runs under real crashes too.
 */
import { formatReports } from '../../bench/faults/report';
import { runFaultScenario, type FaultRunReport } from '../../bench/faults/scenario';

let report: FaultRunReport;
const progress: string[] = [];

beforeAll(async () => {
  report = await runFaultScenario({
    cluster: 'dev',
    units: 100,
    depth: 1,
    fanout: 100,
    workers: 3,
    faults: { 'worker-sigkill': 5, 'server-kill-9': 1, 'postgres-immediate-restart': 0, 'smtp-outage': 0 },
    faultSpacingMs: 3_000,
    serverDownMs: 2_000,
    smtpOutageMs: 0,
    doubleClick: true,
    mailUncertain: 'hold',
    // A bound against a hang, not a speed check: the time is reported (README "Fault suite").
    timeoutMs: 540_000,
    seed: 7,
    log: (line) => progress.push(line),
  });
  process.stdout.write(`${progress.join('\n')}\n${formatReports([report])}`);
}, 600_000);

it('injected every fault and finished the planning round of all 101 units', () => {
  expect(report.injected).toEqual({ 'worker-sigkill': 5, 'server-kill-9': 1, 'postgres-immediate-restart': 0, 'smtp-outage': 0 });
  expect(report.timedOut).toBe(false);
  expect(report.verdict.unitsCompleted).toBe(101);
});

it('200 plan POSTs went out at once, and every one of the 201 submissions was acknowledged', () => {
  expect(report.burst.posts).toBe(200);
  // The root's plan, 100 plans, 100 approvals by the root's head.
  expect(report.submissions).toBe(201);
  expect(report.verdict.acknowledged).toBe(201);
});

it('nothing acknowledged is lost, nothing is applied twice (from states and histories)', () => {
  expect(report.verdict.lost).toEqual([]);
  expect(report.verdict.appliedTwice).toEqual([]);
  // Every state change is one accepted Update; the double clicks and retries came back "already recorded".
  expect(report.verdict.updatesAccepted).toBe(201);
});

it('no mail went out twice: each copy a crash left uncertain was held until the admin answered it', () => {
  // Under MAIL_UNCERTAIN_COPIES=resend a crash between SMTP's acceptance and the ledger's record
  // sends a copy twice; held, the admin (who asks the recipient: here, the mailbox) decides.
  expect(report.duplicateMails).toBe(0);
  expect(report.mails).toBe(report.distinctMails);
  process.stdout.write(`held copies ${report.heldMail.held} (arrived ${report.heldMail.arrived}, resent ${report.heldMail.resent}); duplicate mails ${report.duplicateMails}\n`);
});
