/**
 * Claims a copy (./uncertain-copies.ts) while SMTP already has its connection,
 * not before the mail waits for one: the later the claim, the fewer copies a
 * crash leaves held although they never went out. A nodemailer `stream` plugin
 * puts a pass-through stage at the end of the message's byte stream; that stage
 * writes the claim once the message has been produced, which happens when a
 * pooled connection takes the mail (after the queue for a free connection,
 * after the connection and login) and before the message's last line. Should
 * the claim fail, the stream fails: the connection drops the message
 * unfinished, and the attempt fails and is retried like any SMTP failure.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { SendMailOptions, Transporter } from 'nodemailer';

/** The sendMail option carrying the hook (nodemailer keeps options it does not know on the mail). */
const HOOK_OPTION = 'claimBeforeLastLine';

type Hooked = SendMailOptions & { [HOOK_OPTION]?: () => Promise<void> };

/** Holds nothing back; runs the hook when the message has been produced, and ends only once it resolved. */
class ClaimAtEnd extends Transform {
  constructor(private readonly hook: () => Promise<void>) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    this.hook().then(
      () => done(),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
    );
  }
}

const registered = new WeakSet<Transporter>();

/**
 * Registers the plugin on a transport, once (several mail activities may share one transport).
 * @param transport the nodemailer transport
 */
export function claimInStream(transport: Transporter): void {
  if (registered.has(transport)) return;
  registered.add(transport);
  transport.use('stream', (mail, done) => {
    const hook = (mail.data as Hooked)[HOOK_OPTION];
    if (hook) mail.message.transform(() => new ClaimAtEnd(hook));
    done();
  });
}

/**
 * @param options a mail's options
 * @param hook writes the claim; undefined: nothing to claim
 * @returns the options, carrying the hook for the plugin of {@link claimInStream}
 */
export function withClaim(options: SendMailOptions, hook: (() => Promise<void>) | undefined): SendMailOptions {
  return hook ? ({ ...options, [HOOK_OPTION]: hook } as Hooked) : options;
}
