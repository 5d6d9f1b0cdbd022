import { escapeHtml, html } from '../../runtime/html';
import { formatVnDate, formatVnDateTime, formatVnNumber } from '../../runtime/vn-format';

it('writes dates the Decree 30 way, in Vietnam time', () => {
  expect(formatVnDate('2026-11-23T17:30:00Z')).toBe('ngày 24 tháng 11 năm 2026'); // already 24/11 in Hà Nội
  expect(formatVnDate('2018-08-09T03:00:00Z')).toBe('ngày 09 tháng 8 năm 2018');
  expect(formatVnDate('2026-02-05T03:00:00Z')).toBe('ngày 05 tháng 02 năm 2026');
  expect(formatVnDateTime('2026-11-24T10:00:00Z')).toBe('17 giờ 00, ngày 24 tháng 11 năm 2026 (giờ Việt Nam)');
  expect(formatVnDateTime('2026-11-24T16:59:59Z')).toBe('hết ngày 24 tháng 11 năm 2026 (giờ Việt Nam)');
  expect(formatVnNumber(1234.5)).toBe('1.234,5');
});

it('escapes every interpolation', () => {
  expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
  expect(html`<p title="${'"><script>'}">${['<b>', html`<i>ok</i>`]}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;<i>ok</i></p>');
});
