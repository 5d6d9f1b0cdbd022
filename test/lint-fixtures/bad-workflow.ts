// Deliberately wrong: a workflow that reads the file system and sends mail
// directly. test/lint.test.ts lints this text as if it lived in workflows/.
import fs from 'node:fs';
import nodemailer from 'nodemailer';
import { sleep } from '@temporalio/workflow';

export async function badWorkflow(): Promise<string> {
  await sleep('1 day');
  void nodemailer;
  sleep('2 days');
  return fs.readFileSync('/etc/hostname', 'utf8');
}
