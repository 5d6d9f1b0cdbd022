/** Cross-field rules on the yearly cycle template and the offices. */
import { isIsoDate } from '../calendar/iso-date';
import { compareMonthDay, formatMonthDay, isRecurringMonthDay } from './month-day';
import { error, formatPath, warning, type CascadeProblem, type PathSegment } from './problems';
import type { Cascade, IndicatorType, MonthDay, Rollup } from './schema';

/** Which roll-ups make sense for which indicator type ("sum" of booleans counts the yes answers). */
export const ROLLUPS_BY_TYPE: Record<IndicatorType, readonly Rollup[]> = {
  number: ['sum', 'mean', 'min', 'max', 'list'],
  percent: ['mean', 'min', 'max', 'list'],
  ratio: ['ratio'],
  boolean: ['all', 'any', 'sum', 'list'],
  text: ['list'],
};

function uniqueIds(items: ReadonlyArray<{ id: string }>, base: PathSegment[], what: string, out: CascadeProblem[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else out.push(error([...base, i, 'id'], `${what} "${item.id}" bị trùng với ${formatPath([...base, first, 'id'])}`));
  });
}

function monthDay(md: MonthDay, path: PathSegment[], out: CascadeProblem[]): boolean {
  if (isRecurringMonthDay(md)) return true;
  out.push(error(path, `ngày ${formatMonthDay(md)} không có trong mọi năm`));
  return false;
}

/** @returns problems in documents, offices and the cycle template */
export function checkCycle(cascade: Cascade): CascadeProblem[] {
  const out: CascadeProblem[] = [];
  const { cycle } = cascade;

  const docs: Array<[PathSegment[], { issuedOn: string; number: string }]> = [
    [['directive'], cascade.directive],
    ...cascade.parentPlans.map((p, i): [PathSegment[], typeof p] => [['parentPlans', i], p]),
  ];
  docs.forEach(([path, doc], i) => {
    if (!isIsoDate(doc.issuedOn)) return void out.push(error([...path, 'issuedOn'], 'ngày không có thật'));
    const prev = docs[i - 1]?.[1];
    if (prev && isIsoDate(prev.issuedOn) && doc.issuedOn < prev.issuedOn) {
      out.push(error([...path, 'issuedOn'], `văn bản ban hành trước văn bản cấp trên ${prev.number} (${prev.issuedOn})`));
    }
  });

  uniqueIds(cascade.offices, ['offices'], 'mã văn phòng', out);
  const officeIds = new Set(cascade.offices.map((o) => o.id));
  let lastAfter = -1;
  cycle.escalation.forEach((rung, i) => {
    const path: PathSegment[] = ['cycle', 'escalation', i];
    if (rung.to === 'office' && !rung.officeId) out.push(error([...path, 'officeId'], 'cần officeId khi to là "office"'));
    if (rung.to !== 'office' && rung.officeId) out.push(error([...path, 'officeId'], 'officeId chỉ dùng khi to là "office"'));
    if (rung.officeId && rung.to === 'office' && !officeIds.has(rung.officeId)) {
      out.push(error([...path, 'officeId'], `không có văn phòng "${rung.officeId}" trong offices`));
    }
    if (rung.afterWorkingDays <= lastAfter) {
      out.push(error([...path, 'afterWorkingDays'], 'các bậc đôn đốc phải theo thứ tự ngày tăng dần'));
    }
    lastAfter = rung.afterWorkingDays;
  });

  const reminders = cycle.reminderWorkingDaysBefore;
  reminders.forEach((r, i) => {
    if (reminders.indexOf(r) !== i) out.push(error(['cycle', 'reminderWorkingDaysBefore', i], `nhắc hạn ${r} ngày bị lặp`));
  });

  const report = cycle.report;
  monthDay(report.due, ['cycle', 'report', 'due'], out);
  monthDay(report.dataPeriod.fromPreviousYear, ['cycle', 'report', 'dataPeriod', 'fromPreviousYear'], out);
  monthDay(report.dataPeriod.to, ['cycle', 'report', 'dataPeriod', 'to'], out);
  const rootDue = cascade.org.reportDue;
  if (rootDue && compareMonthDay(rootDue, report.due) <= 0) {
    out.push(error(['org', 'reportDue'],
      `hạn tổng hợp của đơn vị gốc ${formatMonthDay(rootDue)} phải sau hạn báo cáo của các đơn vị ${formatMonthDay(report.due)}`));
  }

  cycle.actionWindows.forEach((w, i) => {
    const path: PathSegment[] = ['cycle', 'actionWindows', i];
    const ok = monthDay(w.from, [...path, 'from'], out) && monthDay(w.to, [...path, 'to'], out);
    if (ok && compareMonthDay(w.from, w.to) > 0) {
      out.push(error([...path, 'to'], `ngày kết thúc ${formatMonthDay(w.to)} trước ngày bắt đầu ${formatMonthDay(w.from)}`));
    }
  });

  uniqueIds(cycle.activityGroups, ['cycle', 'activityGroups'], 'mã nhóm hoạt động', out);
  uniqueIds(cycle.indicators, ['cycle', 'indicators'], 'mã chỉ tiêu', out);
  cycle.indicators.forEach((ind, i) => {
    if (!ROLLUPS_BY_TYPE[ind.type].includes(ind.rollup)) {
      out.push(error(['cycle', 'indicators', i, 'rollup'],
        `chỉ tiêu kiểu "${ind.type}" không tổng hợp được bằng "${ind.rollup}"; dùng: ${ROLLUPS_BY_TYPE[ind.type].join(', ')}`));
    }
    if (ind.group && !cycle.activityGroups.some((g) => g.id === ind.group)) {
      out.push(error(['cycle', 'indicators', i, 'group'], `không có nhóm hoạt động "${ind.group}" trong cycle.activityGroups`));
    }
    if (ind.type === 'percent' && ind.unit && ind.unit !== '%') {
      out.push(warning(['cycle', 'indicators', i, 'unit'], 'chỉ tiêu phần trăm nên có đơn vị "%"'));
    }
  });
  return out;
}
