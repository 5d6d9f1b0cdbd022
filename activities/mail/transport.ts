import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../../runtime/config';

/**
 * A pooled SMTP transport: the worker sends bursts (thousands of units get their
 * task on the same morning), and reusing a few connections is what SMTP relays expect.
 * The caller owns it and calls `close()` on shutdown.
 */
export function createSmtpTransport(smtp: SmtpConfig, opts: { maxConnections?: number } = {}): Transporter {
  return nodemailer.createTransport({
    pool: true,
    maxConnections: opts.maxConnections ?? 3,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    // 'none' is the local catcher: do not attempt an upgrade it cannot offer.
    ignoreTLS: smtp.security === 'none',
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}
