/** Progress over the cycle: milestones from the units' action records, cumulative lines, the SVG drawing. */
import { progressOverTimeChart } from '../../../client/web/admin/charts';
import { milestonesOf, progressSeries } from '../../../client/web/admin/progress';

const t = (iso: string) => Date.parse(iso);

describe('milestonesOf', () => {
  it.each([
    ['nothing recorded', undefined, {}],
    ['a plan submitted twice (returned once): the first time counts', { 'draft-plan:0': { actor: 'a', at: '2027-01-20T02:00:00Z' }, 'draft-plan:1': { actor: 'a', at: '2027-01-25T02:00:00Z' } }, { 'plan-submitted': t('2027-01-20T02:00:00Z') }],
    [
      'a return is not an approval; the approval of the next revision is',
      {
        'draft-plan:0': { actor: 'a', at: '2027-01-20T02:00:00Z' },
        'review-plan:0': { actor: 'b', at: '2027-01-21T02:00:00Z', decision: 'return' },
        'review-plan:1': { actor: 'b', at: '2027-01-27T02:00:00Z', decision: 'approve' },
      },
      { 'plan-submitted': t('2027-01-20T02:00:00Z'), 'plan-approved': t('2027-01-27T02:00:00Z') },
    ],
    ['a consolidation counts as the report sent', { 'consolidate:0': { actor: 'c', at: '2027-11-20T02:00:00Z' } }, { 'report-sent': t('2027-11-20T02:00:00Z') }],
    ['an own report and a later consolidation: the earlier', { 'report:0': { actor: 'c', at: '2027-11-18T02:00:00Z' }, 'consolidate:0': { actor: 'c', at: '2027-11-20T02:00:00Z' } }, { 'report-sent': t('2027-11-18T02:00:00Z') }],
  ] as const)('%s', (_name, actions, expected) => {
    expect(milestonesOf(actions)).toEqual(expected);
  });
});

describe('progressSeries', () => {
  const from = t('2027-01-01T01:00:00Z');
  const to = t('2027-03-01T01:00:00Z');

  it('counts each unit from its own time, one step per instant', () => {
    const s = progressSeries(
      [{ 'plan-submitted': t('2027-01-20T00:00:00Z') }, { 'plan-submitted': t('2027-01-20T00:00:00Z'), 'plan-approved': t('2027-01-22T00:00:00Z') }, { 'plan-submitted': t('2027-02-02T00:00:00Z') }, {}],
      5,
      from,
      to,
    );
    expect(s).toMatchObject({ from, to, total: 5 });
    expect(s.lines).toEqual([
      { milestone: 'plan-submitted', points: [[from, 0], [t('2027-01-20T00:00:00Z'), 2], [t('2027-02-02T00:00:00Z'), 3]], final: 3 },
      { milestone: 'plan-approved', points: [[from, 0], [t('2027-01-22T00:00:00Z'), 1]], final: 1 },
      { milestone: 'report-sent', points: [[from, 0]], final: 0 },
    ]);
  });

  it('widens the axis to an action recorded outside it (a clock behind the worker)', () => {
    const late = t('2027-03-05T00:00:00Z');
    expect(progressSeries([{ 'report-sent': late }], 1, from, to)).toMatchObject({ from, to: late });
  });
});

describe('progressOverTimeChart', () => {
  it('draws the lines to scale, dates in Vietnam time, the figures in the legend and the description', () => {
    const from = t('2027-01-01T01:00:00Z');
    const to = t('2027-01-11T01:00:00Z');
    const svg = progressOverTimeChart(progressSeries([{ 'plan-submitted': t('2027-01-06T01:00:00Z') }, {}], 2, from, to));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Half way along the axis (48…704), up to 1 of 2 units (244…44), then on to the right edge.
    expect(svg).toContain('<path d="M48.0 244.0 H376.0 V144.0 H704.0"');
    expect(svg).toContain('>01/01/2027</text>');
    expect(svg).toContain('>11/01/2027</text>');
    expect(svg).toContain('Đã gửi dự thảo kế hoạch: 1/2 đơn vị');
    expect(svg).toContain('Đã gửi báo cáo: 0/2 đơn vị');
    expect(svg).toContain('<desc id="d">Đến 11/01/2027 08:00 (giờ Việt Nam), trong 2 đơn vị: đã gửi dự thảo kế hoạch 1;');
  });

  it('stays one document with no NaN when nothing happened yet', () => {
    const svg = progressOverTimeChart(progressSeries([], 0, 1_000, 1_000));
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg).toContain('Đã gửi báo cáo: 0/0 đơn vị');
    expect(svg).not.toContain('NaN');
  });
});
