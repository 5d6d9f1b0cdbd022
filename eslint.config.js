// Lint is part of `npm test`. Two things matter most here:
// 1. no floating promises anywhere (a forgotten await in a workflow or a handler
//    silently drops work);
// 2. the sandbox boundary: `workflows/` and `domain/` run inside Temporal's
//    deterministic workflow sandbox, so they may not import Node built-ins or
//    anything that does I/O. test/lint.test.ts proves this rule fires.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioPackages = [
  'nodemailer', 'fastify', 'maildev', 'yaml', 'commander', 'playwright-core',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing',
];
const sandboxMessage = 'runs inside the Temporal workflow sandbox: no Node built-ins or I/O packages';

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', '.data/**', 'coverage/**', 'test/lint-fixtures/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, ...ioPackages].map((name) => ({ name, message: `This file ${sandboxMessage}.` })),
        patterns: [{ group: ['../activities/*', '../worker/*', '../client/*', '!../activities/types'], message: `This file ${sandboxMessage}; import activity types only.`, allowTypeImports: true }],
      }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, ...ioPackages, '@temporalio/workflow'].map((name) => ({ name, message: `domain/ is pure and shared by all processes: ${name} is not allowed.` })),
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'domain/ is pure: take the time as an argument.' },
        { object: 'Math', property: 'random', message: 'domain/ is pure: no randomness.' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
