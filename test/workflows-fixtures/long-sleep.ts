/** Test-only workflow: sleeps for a configured number of days, then returns. */
import { sleep } from '@temporalio/workflow';

export async function longSleepWorkflow(input: { days: number }): Promise<string> {
  await sleep(`${input.days} days`);
  return `slept ${input.days} days`;
}
