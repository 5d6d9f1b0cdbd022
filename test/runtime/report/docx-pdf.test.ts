/**
 * The .docx as an official would open it: converted by LibreOffice (headless) to PDF,
 * the text read back with pdftotext, page 1 rendered to PNG. Real programs, no fakes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildReport } from '../../../domain/report/build';
import { renderReportDocx } from '../../../runtime/report/docx';
import { renderReportHtml } from '../../../runtime/report/html';
import { sampleReports } from '../../domain/report/sample';

const run = promisify(execFile);

describe('the report .docx through LibreOffice', () => {
  let dir: string;
  let pdfText: string;
  let pdfInfo: string;
  const { setup, entries } = sampleReports(2027, ['tyt-hoang-tien']);
  const doc = buildReport({ setup, issuerId: setup.units[0]!.id, entries, assessment: { narrative: 'Các đơn vị đã triển khai nghiêm túc Kế hoạch.' }, date: '2027-11-27' });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'report-docx-'));
    const docx = path.join(dir, 'bao-cao.docx');
    await writeFile(docx, await renderReportDocx(doc));
    // Its own profile directory: parallel runs must not share LibreOffice's user profile lock.
    await run('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 180_000 });
    pdfText = (await run('pdftotext', ['-layout', path.join(dir, 'bao-cao.pdf'), '-'])).stdout;
    pdfInfo = (await run('pdfinfo', [path.join(dir, 'bao-cao.pdf')])).stdout;
  }, 240_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const squash = (s: string) => s.replace(/\s+/g, ' ');

  it('is A4 with Times New Roman (or its metric twin) embedded', async () => {
    // A4 is 595.28 x 841.89 pt.
    expect(pdfInfo).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const fonts = (await run('pdffonts', [path.join(dir, 'bao-cao.pdf')])).stdout;
    expect(fonts).toMatch(/TimesNewRoman|Times-Roman|LiberationSerif/);
  });

  it('keeps the text inside the margins of appendix I (left 30 mm, right 15 mm, top 20 mm)', async () => {
    const bbox = (await run('pdftotext', ['-bbox', '-f', '2', '-l', '2', path.join(dir, 'bao-cao.pdf'), '-'])).stdout;
    const words = [...bbox.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"/g)].map((m) => m.slice(1).map(Number) as [number, number, number]);
    expect(words.length).toBeGreaterThan(100);
    const mm = (pt: number) => (pt * 25.4) / 72;
    const left = Math.min(...words.map((w) => w[0]));
    const right = 595.28 - Math.max(...words.map((w) => w[2]));
    expect(mm(left)).toBeGreaterThanOrEqual(29.5);
    expect(mm(left)).toBeLessThan(36);
    expect(mm(right)).toBeGreaterThanOrEqual(14.5);
    // The page number sits in the header band, above the 20 mm top margin of the body.
    expect(mm(Math.min(...words.map((w) => w[1])))).toBeLessThan(20);
  });

  it('shows quốc hiệu, tiêu ngữ, number and symbol, place-date line, type and trích yếu', () => {
    const t = squash(pdfText);
    expect(t).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(t).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(t).toMatch(/SỞ Y TẾ THANH HÓA/);
    expect(t).toMatch(/Số: \/BC-BVSTBCPN/);
    expect(t).toContain('Thanh Hóa, ngày 27 tháng 11 năm 2027');
    expect(t).toContain('BÁO CÁO');
    expect(t).toContain('Kết quả thực hiện Chỉ thị 21-CT/TW');
  });

  it('has the sections, the figures, the missing unit by name and the signature block', () => {
    const t = squash(pdfText);
    for (const h of ['I. KẾT QUẢ THỰC HIỆN', 'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2028', 'IV. KIẾN NGHỊ, ĐỀ XUẤT']) expect(t).toContain(h);
    for (const i of doc.digest.indicators) expect(t).toContain(i.text.split(' (')[0]!);
    expect(t).toContain('Trạm Y tế xã Hoằng Tiến');
    expect(t).toContain('Nơi nhận:');
    expect(t).toContain('- Sở Nội vụ tỉnh Thanh Hóa (để b/c);');
    expect(t).toContain('TRƯỞNG BAN');
    expect(t).toContain('Trịnh Đình Khải');
  });

  it('numbers pages from page 2, centred at the top', () => {
    const pages = pdfText.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(2);
    // Page 1 starts with the issuing body, not a number; page 2 starts with "2".
    expect(pages[0]!.trim().split('\n')[0]).not.toMatch(/^\s*\d+\s*$/);
    expect(pages[1]!.split('\n').find((l) => l.trim())!.trim()).toBe('2');
    const line = pages[1]!.split('\n').find((l) => l.trim())!;
    const width = Math.max(...pages[1]!.split('\n').map((l) => l.trimEnd().length));
    const centre = line.indexOf('2');
    expect(Math.abs(centre - width / 2)).toBeLessThan(width * 0.15);
  });

  it('renders page 1 to an image', async () => {
    await run('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', path.join(dir, 'bao-cao.pdf'), path.join(dir, 'page')]);
    const png = await readFile(path.join(dir, 'page-1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('has an HTML preview with the same elements', () => {
    const page = renderReportHtml(doc);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số:      /BC-BVSTBCPN', 'Thanh Hóa, ngày 27 tháng 11 năm 2027', 'IV. KIẾN NGHỊ, ĐỀ XUẤT', 'Nơi nhận:', 'Trịnh Đình Khải']) expect(page).toContain(s);
    expect(page).toMatch(/^<!doctype html>\n<html lang="vi">/);
  });
});
