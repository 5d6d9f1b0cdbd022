/** The progress bar draws on a terminal only, and clears its line when done. */
import { startProgress } from '../../client/cli/progress';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, s: { isTTY, columns: 80, write: (t: string) => writes.push(t) } };
}

it('draws a bar with share and counts on a terminal, at most ten times a second, and clears it', () => {
  const { writes, s } = stream(true);
  let t = 0;
  const p = startProgress('Đọc trạng thái', 2000, s, () => t);
  p.update(500);
  t += 50;
  p.update(600); // too soon: skipped
  t += 100;
  p.update(1000);
  p.update(2000); // the last one is always drawn
  p.finish();
  expect(writes).toHaveLength(4);
  expect(writes[0]).toMatch(/^\rĐọc trạng thái \[#+-+\] 25% 500\/2\.000/);
  expect(writes[1]).toContain('50% 1.000/2.000');
  expect(writes[2]).toContain('100% 2.000/2.000');
  expect(writes[3]).toBe('\r\x1b[K');
});

it('writes nothing when the stream is not a terminal (pipes, logs, tests)', () => {
  const { writes, s } = stream(false);
  const p = startProgress('Đọc', 10, s);
  p.update(5);
  p.finish();
  expect(writes).toEqual([]);
});
