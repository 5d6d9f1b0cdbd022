/**
 * Simulated unit heads. They do what a person does with a mail: open the link in
 * it (GET the page), fill the form and post it (with its CSRF field), through the
 * real web app over HTTP. When the answer is an error (the server is down, 503),
 * they wait and try again, as the page asks them to. Every answer is recorded: a
 * submission is "acknowledged" when a page said it was recorded ("Đã ghi nhận" or
 * "Nội dung đã được ghi nhận"), and only then does the suite require it in state.
 *
 * Plans of the units in the burst set are held until all their task mails have
 * arrived and then posted at once, each twice at the same moment (a double
 * click): the last day, when everybody submits in the same few seconds.
 */
import type { TokenSigner } from '../../runtime/action-tokens';
import type { TaskKind } from '../../domain/actions';
import { sleep } from './cluster';
import type { MailSink } from './mail-sink';

/** What one head did with one task (one workflow, task kind and revision). */
export interface Submission {
  workflowId: string;
  task: TaskKind;
  revision: number;
  /** Plan number posted (draft-plan), to find it in state afterwards. */
  planNumber?: string;
  /** A page said the submission was recorded. */
  acknowledged: boolean;
  /** How the acknowledgement read: the accepted page, or "already recorded". */
  answers: Array<'accepted' | 'already-recorded'>;
  /** POSTs sent (double clicks and retries included). */
  posts: number;
  /** HTTP statuses of the attempts that were not an acknowledgement (503, 429, network error as 0). */
  failures: number[];
  /** Milliseconds of each POST that came back 200. */
  latenciesMs: number[];
  /** When the first acknowledgement came (ms since the epoch). */
  ackAt?: number;
}

/** Options of {@link startHeads}. */
export interface HeadsOptions {
  mail: MailSink;
  signer: TokenSigner;
  /** Workflow ids of the units whose plans are held and posted together. */
  burst: Set<string>;
  /** Post each burst plan twice at once. */
  doubleClick: boolean;
  /** How long a head keeps retrying one task before giving up. */
  giveUpAfterMs: number;
  /** The suite's seeded random source. */
  random: () => number;
}

/** The running heads. */
export interface Heads {
  submissions(): Submission[];
  /** In-flight actions; resolves when all started ones are settled. */
  drain(): Promise<void>;
  /** When the burst was released and how many POSTs it sent at once. */
  burst(): { releasedAt: number | null; posts: number };
  stop(): void;
}

const CSRF_RE = /name="_csrf" value="([^"]+)"/;
const GROUP_RE = /name="(activities\.[^"]+)"/g;

/**
 * Starts watching the mailbox and acting on every draft-plan and review-plan link.
 * @returns the heads, acting until `stop()`
 */
export function startHeads(opts: HeadsOptions): Heads {
  const seen = new Set<string>();
  const subs: Submission[] = [];
  const inflight = new Set<Promise<void>>();
  const held: Array<{ link: string; sub: Submission }> = [];
  let released: number | null = null;
  let burstPosts = 0;
  let stopped = false;

  const start = (link: string, sub: Submission, copies: number): void => {
    const p = actOn(link, sub, copies, opts).finally(() => inflight.delete(p));
    inflight.add(p);
  };

  const scan = (): void => {
    for (const mail of opts.mail.messages()) {
      for (const link of mail.links) {
        const token = new URL(link).pathname.split('/').pop() ?? '';
        const v = opts.signer.verify(token, Date.now());
        if (!v.ok || (v.claims.task !== 'draft-plan' && v.claims.task !== 'review-plan')) continue;
        const key = `${v.claims.workflowId}|${v.claims.task}|${v.claims.revision}`;
        if (seen.has(key)) continue; // a reminder or a duplicate mail: the first link is enough
        seen.add(key);
        const sub: Submission = { workflowId: v.claims.workflowId, task: v.claims.task, revision: v.claims.revision, acknowledged: false, answers: [], posts: 0, failures: [], latenciesMs: [] };
        subs.push(sub);
        if (v.claims.task === 'draft-plan' && opts.burst.has(v.claims.workflowId) && released === null) held.push({ link, sub });
        else start(link, sub, 1);
      }
    }
    if (released === null && held.length > 0 && held.length >= opts.burst.size) {
      released = Date.now();
      const copies = opts.doubleClick ? 2 : 1;
      burstPosts = held.length * copies;
      for (const h of held) start(h.link, h.sub, copies);
    }
  };

  const timer = setInterval(() => {
    if (!stopped) scan();
  }, 200);

  return {
    submissions: () => subs,
    async drain() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    burst: () => ({ releasedAt: released, posts: burstPosts }),
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** The fields of a plan or a decision, from the page's own form. */
function fieldsFor(sub: Submission, page: string): Record<string, string> {
  if (sub.task === 'review-plan') return { decision: 'approve', comment: '' };
  const unit = sub.workflowId.split('/').pop() ?? 'x';
  sub.planNumber = `${unit.slice(0, 10).toUpperCase()}/KH-FAULTS`;
  const groups = [...page.matchAll(GROUP_RE)].map((m) => m[1]!);
  return {
    planNumber: sub.planNumber,
    title: 'Kế hoạch thực hiện chỉ thị',
    summary: 'Triển khai các nhóm nhiệm vụ tại đơn vị.',
    ...Object.fromEntries(groups.map((g) => [g, 'Hội nghị quán triệt chỉ thị'])),
  };
}

type Answer = 'accepted' | 'already-recorded' | 'form' | 'other';

/** @returns what a 200 page says */
function readPage(body: string): Answer {
  if (body.includes('id="done-title">Đã ghi nhận<')) return 'accepted';
  if (body.includes('Nội dung đã được ghi nhận')) return 'already-recorded';
  if (CSRF_RE.test(body)) return 'form';
  return 'other';
}

async function fetchText(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(60_000), ...init });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

/** Opens the link, posts the form (`copies` times at once), retries on errors until acknowledged. */
async function actOn(link: string, sub: Submission, copies: number, opts: HeadsOptions): Promise<void> {
  const until = Date.now() + opts.giveUpAfterMs;
  for (let attempt = 0; Date.now() < until; attempt++) {
    if (attempt > 0) await sleep(Math.min(5_000, 300 * 2 ** Math.min(attempt, 4)) * (0.5 + opts.random()));
    const page = await fetchText(link);
    const seen = page.status === 200 ? readPage(page.body) : 'other';
    if (seen === 'already-recorded') {
      // An earlier POST whose answer was lost (503) went through after all: the page now says so.
      sub.acknowledged = true;
      sub.ackAt ??= Date.now();
      sub.answers.push('already-recorded');
      return;
    }
    if (seen !== 'form') {
      sub.failures.push(page.status);
      continue;
    }
    const csrf = CSRF_RE.exec(page.body)![1]!;
    const body = new URLSearchParams({ _csrf: csrf, ...fieldsFor(sub, page.body) }).toString();
    const post = async (): Promise<void> => {
      const t0 = performance.now();
      sub.posts++;
      const res = await fetchText(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      const answer = res.status === 200 ? readPage(res.body) : 'other';
      if (answer === 'accepted' || answer === 'already-recorded') {
        sub.latenciesMs.push(performance.now() - t0);
        sub.acknowledged = true;
        sub.ackAt ??= Date.now();
        sub.answers.push(answer);
      } else {
        sub.failures.push(res.status);
      }
    };
    await Promise.all(Array.from({ length: copies }, post));
    if (sub.acknowledged) return;
  }
}
