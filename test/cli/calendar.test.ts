import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCalendarAdd, runCalendarDays } from '../../client/cli/commands/calendar';
import { runGenerate } from '../../client/cli/commands/generate';
import { runValidate } from '../../client/cli/commands/validate';

const run = promisify(execFile);
const BIN = join(__dirname, '../../bin/cascade');

describe('cascade calendar', () => {
  it('add prints the date', async () => {
    const { stdout } = await run(BIN, ['calendar', 'add', '--from', '2026-02-13', '--working-days', '1']);
    expect(stdout).toBe('2026-02-23\n');
    expect(runCalendarAdd('2025-04-25', 1).out).toEqual(['2025-04-26']);
  });

  it('days lists DATE<TAB>off|working<TAB>name', () => {
    const lines = runCalendarDays(2026).out;
    expect(lines).toContain('2026-01-10\tworking\tLàm bù cho thứ Sáu 02/01');
    expect(lines).toContain('2026-08-22\tworking\tLàm bù cho thứ Hai 31/8');
    expect(lines.every((l) => /^\d{4}-\d{2}-\d{2}\t(off|working)\t\S/.test(l))).toBe(true);
  });

  it('--calendar FILE adds a year without code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-cal-'));
    try {
      const file = join(dir, 'extra.json');
      writeFileSync(file, JSON.stringify({
        schemaVersion: 1,
        years: { '2027': { source: 'Thông báo giả định', entries: [{ from: '2027-02-01', to: '2027-02-12', status: 'off', name: 'Tết Nguyên đán Đinh Mùi', holiday: 'tet' }] } },
      }));
      expect(runCalendarAdd('2027-01-29', 1, [file]).out).toEqual(['2027-02-15']);
      expect(runCalendarAdd('2027-01-29', 1).out).toEqual(['2027-02-01']);
      writeFileSync(file, '{"schemaVersion": 1, "years": {"2027": {"source": "x", "entries": [{"from": "2027-13-01", "status": "off", "name": "x"}]}}}');
      const bad = runCalendarAdd('2027-01-29', 1, [file]);
      expect(bad.code).toBe(1);
      expect(bad.err[0]).toContain('years["2027"].entries[0].from');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cascade generate', () => {
  it('writes a file that validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-gen-'));
    try {
      for (const name of ['g.yaml', 'g.json']) {
        const out = join(dir, name);
        expect(runGenerate({ units: 500, depth: 3, fanout: 9 }, out).code).toBe(0);
        const r = runValidate(out, { years: [2026] });
        expect(r.code).toBe(0);
        expect(r.out[0]).toContain('501 đơn vị');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
