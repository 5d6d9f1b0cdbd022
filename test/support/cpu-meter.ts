/**
 * Where a phase's CPU went: this process (the bench's worker and client) and
 * the whole machine (read from /proc/stat), so the rest is the Temporal server
 * (with PostgreSQL on the twin) and whatever else ran. A fan-out that takes 2×
 * as long as raw is either more CPU per unit (and on which side) or more
 * waiting; this tells which. Linux only: elsewhere the machine figures are absent.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU used during one phase. */
export interface CpuSample {
  wallMs: number;
  /** CPU time of this process (user + system), summed over its threads. */
  processMs: number;
  /** Busy CPU time of the whole machine (every core; idle and iowait excluded); undefined off Linux. */
  machineBusyMs?: number;
  /** Cores of the machine: busy ÷ (wall × cores) is how saturated it was. */
  cores: number;
}

/** Linux counts /proc/stat in clock ticks of 1/100 s (USER_HZ) on every architecture it runs on here. */
const MS_PER_TICK = 10;

/** @returns busy milliseconds of every core since boot, or undefined when /proc/stat cannot be read */
function machineBusyMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** A running measurement: {@link CpuMeter.stop} returns what the phase used. */
export interface CpuMeter {
  stop(): CpuSample;
}

/** Starts measuring CPU now. */
export function startCpuMeter(): CpuMeter {
  const t0 = Date.now();
  const p0 = process.cpuUsage();
  const m0 = machineBusyMs();
  return {
    stop() {
      const p = process.cpuUsage(p0);
      const m1 = machineBusyMs();
      return {
        wallMs: Date.now() - t0,
        processMs: (p.user + p.system) / 1000,
        ...(m0 !== undefined && m1 !== undefined ? { machineBusyMs: m1 - m0 } : {}),
        cores: os.cpus().length,
      };
    },
  };
}

/** @returns the machine's busy time beyond this process (the server) and how busy the machine was, in %; undefined off Linux */
export function restOfMachine(s: CpuSample): { restMs: number; busyPercent: number } | undefined {
  if (s.machineBusyMs === undefined) return undefined;
  return { restMs: Math.max(0, s.machineBusyMs - s.processMs), busyPercent: Math.round((100 * s.machineBusyMs) / (s.wallMs * s.cores)) };
}

/** @returns one line: wall time, this process's CPU, the rest of the machine's, and per unit */
export function describeCpu(label: string, s: CpuSample, units: number): string {
  const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const per = (ms: number): string => `${(ms / units).toFixed(2)} ms per unit`;
  const machine = restOfMachine(s);
  const rest = machine?.restMs;
  const saturation = machine ? `; machine ${machine.busyPercent} % busy` : '';
  return `${label}: wall ${sec(s.wallMs)}; worker and client (this process) ${sec(s.processMs)} CPU (${per(s.processMs)})${rest === undefined ? '' : `; server and the rest of the machine ${sec(rest)} CPU (${per(rest)})`}${saturation}`;
}
