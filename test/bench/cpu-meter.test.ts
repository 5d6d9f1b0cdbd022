/**
 * The fan-out reports split each phase's CPU between the bench's own process
 * (worker and client) and the rest of the machine (the server): the split must
 * count the process's own work, never exceed the machine's, and read as a table.
 */
import { cpuTable } from '../../bench/compare';
import { describeCpu, startCpuMeter } from '../support/cpu-meter';

function spin(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) Math.sqrt(Math.random());
}

describe('startCpuMeter', () => {
  it('counts the CPU this process spent, within what the whole machine spent', () => {
    const meter = startCpuMeter();
    spin(200);
    const s = meter.stop();
    expect(s.wallMs).toBeGreaterThanOrEqual(200);
    // A busy loop is on the CPU most of its wall time, even on a shared machine.
    expect(s.processMs).toBeGreaterThan(50);
    expect(s.cores).toBeGreaterThan(0);
    if (process.platform === 'linux') {
      // /proc/stat counts in 10 ms ticks: allow one tick per core of rounding.
      expect(s.machineBusyMs).toBeDefined();
      expect(s.machineBusyMs!).toBeGreaterThanOrEqual(s.processMs - 10 * s.cores - 10);
    }
  });
});

describe('the CPU figures in a report', () => {
  const sample = { wallMs: 10_000, processMs: 4_000, machineBusyMs: 15_000, cores: 2 };

  it('gives per unit both sides and how busy the machine was', () => {
    expect(describeCpu('CPU project', sample, 1000)).toBe(
      'CPU project: wall 10.0 s; worker and client (this process) 4.0 s CPU (4.00 ms per unit); server and the rest of the machine 11.0 s CPU (11.00 ms per unit); machine 75 % busy',
    );
  });

  it('renders one table row per phase', () => {
    const table = cpuTable([{ phase: 'raw, 1000 units flat', units: 1001, sample: { ...sample, machineBusyMs: undefined } }, { phase: 'project, 1000 units flat', units: 1000, sample }]);
    expect(table).toContain('| raw, 1000 units flat | 10.0 s | 4.0 s (4.00 ms) | - | - |');
    expect(table).toContain('| project, 1000 units flat | 10.0 s | 4.0 s (4.00 ms) | 11.0 s (11.00 ms) | 75 % of 2 cores |');
  });
});
