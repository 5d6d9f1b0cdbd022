/** Cross-field rules on the org tree: ids, size, depth, dates down the tree. */
import { isIsoDate } from '../calendar/iso-date';
import type { CascadeLimits } from './limits';
import { compareMonthDay, formatMonthDay, isRecurringMonthDay } from './month-day';
import { error, formatPath, type CascadeProblem, type PathSegment } from './problems';
import type { Cascade, MonthDay, OrgNode } from './schema';

interface Frame {
  node: OrgNode;
  path: PathSegment[];
  depth: number;
  /** Latest `reportDue` this node's due date must precede, and where it was set. */
  bound?: { due: MonthDay; path: PathSegment[] };
  /** Latest issue date of a plan above this node. */
  planDate: { date: string; label: string };
}

/** @returns problems of the org tree; the walk is iterative so depth cannot overflow the stack */
export function checkOrg(cascade: Cascade, limits: CascadeLimits): CascadeProblem[] {
  const problems: CascadeProblem[] = [];
  const seen = new Map<string, PathSegment[]>();
  const upper = [cascade.directive, ...cascade.parentPlans].at(-1)!;
  const stack: Frame[] = [
    { node: cascade.org, path: ['org'], depth: 0, planDate: { date: upper.issuedOn, label: upper.number } },
  ];
  let count = 0;
  while (stack.length) {
    const { node, path, depth, bound, planDate } = stack.pop()!;
    if (++count > limits.maxUnits) {
      problems.push(error(path, `cây tổ chức quá lớn: tối đa ${limits.maxUnits} đơn vị`));
      break;
    }
    const first = seen.get(node.id);
    if (first) problems.push(error([...path, 'id'], `mã đơn vị "${node.id}" bị trùng với ${formatPath(first)}`));
    else seen.set(node.id, [...path, 'id']);

    if (node.reportDue) {
      const duePath = [...path, 'reportDue'];
      if (!isRecurringMonthDay(node.reportDue)) {
        problems.push(error(duePath, `ngày ${formatMonthDay(node.reportDue)} không có trong mọi năm`));
      } else if (bound && compareMonthDay(node.reportDue, bound.due) >= 0) {
        problems.push(error(duePath,
          `hạn báo cáo ${formatMonthDay(node.reportDue)} phải trước hạn ${formatMonthDay(bound.due)} của cấp trên (${formatPath(bound.path)})`));
      }
    }
    // Statically known upper bound for the children's due dates. Without an
    // override, a unit directly under the root is due on cycle.report.due and
    // deeper units earlier still; the root's computed consolidation date needs
    // the calendar, so it is checked per year in deadlines.ts instead.
    const childBound: Frame['bound'] = node.reportDue
      ? { due: node.reportDue, path: [...path, 'reportDue'] }
      : depth === 1
        ? { due: cascade.cycle.report.due, path: ['cycle', 'report', 'due'] }
        : bound;

    let childPlanDate = planDate;
    if (node.issuedPlan) {
      const datePath = [...path, 'issuedPlan', 'issuedOn'];
      if (!isIsoDate(node.issuedPlan.issuedOn)) problems.push(error(datePath, 'ngày không có thật'));
      else if (node.issuedPlan.issuedOn < planDate.date) {
        problems.push(error(datePath, `kế hoạch ban hành trước văn bản cấp trên ${planDate.label} (${planDate.date})`));
      }
      childPlanDate = { date: node.issuedPlan.issuedOn, label: node.issuedPlan.number };
    }

    const children = node.children ?? [];
    if (children.length && depth + 1 > limits.maxOrgDepth) {
      problems.push(error([...path, 'children'], `cây tổ chức quá sâu: tối đa ${limits.maxOrgDepth} cấp dưới gốc`));
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({
        node: children[i]!,
        path: [...path, 'children', i],
        depth: depth + 1,
        ...(childBound ? { bound: childBound } : {}),
        planDate: childPlanDate,
      });
    }
  }
  return problems;
}
