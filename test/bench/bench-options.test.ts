/**
 * The bench's options are read from the environment: a wrong value must stop the
 * run with a message naming the variable, before anything is started.
 */
import { compareOptionsFromEnv } from '../../bench/compare';
import { runReportName } from '../../bench/run';

describe('compareOptionsFromEnv', () => {
  it('runs on the dev server unless COMPARE_SERVER names the twin', () => {
    expect(compareOptionsFromEnv({}).server).toBe('dev');
    expect(compareOptionsFromEnv({ COMPARE_SERVER: 'twin' }).server).toBe('twin');
  });

  it('refuses an unknown server, naming the variable and the choices', () => {
    expect(() => compareOptionsFromEnv({ COMPARE_SERVER: 'postgres' })).toThrow('COMPARE_SERVER: "postgres" is not one of dev, twin');
  });

  it('refuses sizes and counts that are not whole numbers', () => {
    expect(() => compareOptionsFromEnv({ COMPARE_UNITS: '1000,abc' })).toThrow(/^COMPARE_UNITS:/);
    expect(() => compareOptionsFromEnv({ COMPARE_ACTION_UNITS: '-1' })).toThrow(/^COMPARE_ACTION_UNITS:/);
  });
});

describe('runReportName', () => {
  it('keeps bench-run for the whole bench and gives a run named by BENCH_ONLY its own report', () => {
    expect(runReportName(null)).toBe('bench-run');
    expect(runReportName('scale')).toBe('bench-run-scale');
    expect(runReportName('fanout-10k')).toBe('bench-run-fanout-10k');
    expect(runReportName('Status.Bench')).toBe('bench-run-status-bench');
  });
});
