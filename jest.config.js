/**
 * Jest runs the TypeScript through SWC (type-checking is `npm run typecheck`).
 * Serial on purpose: the suites share one dev server and the machine has 2 cores.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  maxWorkers: 1,
  // A test file that leaks a handle (a child server, a gRPC channel in backoff) must not hold
  // CI until its time limit: jest exits once the summary is printed. Leaks are still bugs,
  // and teardowns are bounded (see test/support/temporal.ts withinMs).
  forceExit: true,
  testTimeout: 120_000,
  setupFiles: ['<rootDir>/test/support/quiet-worker-logs.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
