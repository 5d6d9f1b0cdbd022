import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runValidate } from '../../client/cli/commands/validate';
import { MAX_FILE_BYTES, parseCascadeBytes } from '../../client/shared/cascade-file';

const run = promisify(execFile);
const BIN = join(__dirname, '../../bin/cascade');
const FIX = 'test/fixtures/invalid';
const STACK = /\n\s+at .+:\d+:\d+/;

/** Each broken file, and a path (or wording) that the output must contain. */
const TABLE: Array<[file: string, expected: string]> = [
  ['malformed-yaml.yaml', 'cú pháp YAML'],
  ['malformed.json', 'cú pháp JSON'],
  ['multiple-documents.yaml', 'multiple documents'],
  ['empty.yaml', 'phải là một nhóm khóa'],
  ['utf16.yaml', 'UTF-16'],
  ['non-utf8.yaml', 'non-utf8.yaml:12:12: lỗi: tệp không phải UTF-8'],
  ['duplicate-key.yaml', 'duplicate-key.yaml:15:5: lỗi: org.head.email: khóa "email" bị lặp lại'],
  ['duplicate-key.json', ':4:3: lỗi: id: khóa "id" bị lặp lại'],
  ['alias-bomb.yaml', 'billion laughs'],
  ['alias-cycle.yaml', 'org.children[1].children[0].children[0]: tham chiếu vòng'],
  ['duplicate-unit-id.yaml', 'org.children[1].id: mã đơn vị "bv-a" bị trùng'],
  ['bad-email.yaml', 'bad-email.yaml:22:9: lỗi: org.children[0].head.email'],
  ['bad-substitute-email.yaml', 'org.children[1].substitutes[0].email'],
  ['missing-head.yaml', 'org.children[0].head: thiếu trường bắt buộc'],
  ['missing-required.yaml', 'cycle.approvalWorkingDays: thiếu trường bắt buộc'],
  ['unknown-key-typo.yaml', 'org.head.emial'],
  ['bad-slug-id.yaml', 'org.children[0].id'],
  ['unknown-office.yaml', 'cycle.escalation[1].officeId: không có văn phòng "van-phong-so"'],
  ['office-missing-id.yaml', 'cycle.escalation[1].officeId: cần officeId'],
  ['office-id-not-office.yaml', 'cycle.escalation[0].officeId'],
  ['escalation-order.yaml', 'cycle.escalation[1].afterWorkingDays'],
  ['duplicate-indicator.yaml', 'cycle.indicators[1].id'],
  ['bad-indicator-id.yaml', 'cycle.indicators[0].id'],
  ['rollup-mismatch.yaml', 'cycle.indicators[0].rollup'],
  ['duplicate-activity-group.yaml', 'cycle.activityGroups[1].id'],
  ['duplicate-office.yaml', 'offices[1].id'],
  ['duplicate-reminder.yaml', 'cycle.reminderWorkingDaysBefore[1]'],
  ['action-window-reversed.yaml', 'cycle.actionWindows[0].to'],
  ['impossible-due.yaml', 'cycle.report.due: ngày 31/4'],
  ['feb-29.yaml', 'cycle.actionWindows[0].from: ngày 29/2'],
  ['negative-lead.yaml', 'cycle.report.levelLeadWorkingDays'],
  ['wrong-type.yaml', 'cycle.draftingWorkingDays: phải là số'],
  ['bad-enum.yaml', 'cycle.report.interpretation'],
  ['schema-version.yaml', 'schemaVersion'],
  ['nonexistent-date.yaml', 'directive.issuedOn: ngày không có thật'],
  ['plan-before-directive.yaml', 'parentPlans[0].issuedOn'],
  ['issued-plan-before-parent.yaml', 'org.issuedPlan.issuedOn'],
  ['override-after-parent-override.yaml', 'org.children[1].children[0].reportDue'],
  ['override-after-units-due.yaml', 'org.children[1].children[0].reportDue'],
  ['root-due-before-units.yaml', 'org.reportDue'],
  ['override-after-root-consolidation.yaml', ':19:7: lỗi: org.children[0].reportDue: năm 2026'],
  ['too-deep.yaml', 'cây tổ chức quá sâu'],
];

describe('cascade validate, in process', () => {
  it('covers at least 30 broken files', () => expect(TABLE.length).toBeGreaterThanOrEqual(30));

  it.each(TABLE)('%s → exit 1 with "%s"', (file, expected) => {
    const r = runValidate(join(FIX, file), { years: [2026] });
    const text = [...r.out, ...r.err].join('\n');
    expect(r.code).toBe(1);
    expect(text).toContain(expected);
    expect(text).not.toMatch(STACK);
  });

  it('accepts the shipped example', () => {
    const r = runValidate('examples/ct21-yte-thanhhoa.yaml', { years: [2025, 2026, 2027] });
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out[0]).toContain('70 đơn vị (và 4 nơi nhận để báo cáo, phối hợp hoặc để biết), 2 cấp dưới gốc');
  });

  it('accepts a UTF-8 BOM with a warning', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync('test/fixtures/valid-mini.yaml')]);
    const r = parseCascadeBytes(bytes);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings[0]!.message).toMatch(/BOM/);
  });

  it('refuses a huge file without reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-huge-'));
    // "Without reading it" is checked directly (no read of that file), not by a wall-clock limit.
    const reads = jest.spyOn(fs, 'readFileSync');
    try {
      const file = join(dir, 'huge.yaml');
      writeFileSync(file, Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
      const r = runValidate(file);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([`${file}: lỗi: tệp quá lớn (${MAX_FILE_BYTES + 1} byte, tối đa ${MAX_FILE_BYTES} byte)`, `${file}: 1 lỗi — tệp không hợp lệ`]);
      expect(reads.mock.calls.filter(([f]) => String(f) === file)).toEqual([]);
    } finally {
      reads.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says so when the file does not exist', () => {
    expect(runValidate('khong-co.yaml').err[0]).toBe('khong-co.yaml: lỗi: không tìm thấy tệp');
  });
});

describe('cascade validate, as a child process', () => {
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(BIN, args, { cwd: join(__dirname, '../..') });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  it('exits 0 on the shipped example', async () => {
    const r = await cli('validate', 'examples/ct21-yte-thanhhoa.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hợp lệ');
  });

  it.each(TABLE.filter(([f]) => ['bad-email.yaml', 'alias-bomb.yaml', 'non-utf8.yaml', 'duplicate-key.yaml', 'malformed-yaml.yaml', 'unknown-office.yaml'].includes(f)))(
    '%s → exit 1, "%s", no stack trace',
    async (file, expected) => {
      const r = await cli('validate', join(FIX, file), '--year', '2026');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(expected);
      expect(r.stderr + r.stdout).not.toMatch(STACK);
    },
  );

  it('a bad option is one line, exit 1, no stack trace', async () => {
    const r = await cli('validate', 'examples/ct21-yte-thanhhoa.yaml', '--year', 'abc');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--year: cần số nguyên');
    expect(r.stderr).not.toMatch(STACK);
  });
});
