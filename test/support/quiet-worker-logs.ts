/**
 * Worker state changes at INFO drown jest's output; keep warnings and errors.
 * Runs before each test file (jest `setupFiles`).
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by an earlier test file: keep it.
}
