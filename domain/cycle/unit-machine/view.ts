/**
 * One view of a unit's memory, for everything that shows it: the state Query
 * (pages, CLI), the search attributes and the Web UI details line.
 */
import type { ActionRecord } from '../unit-memory';
import type { IndicatorValue, ReportSections, SubmitPlanInput, TaskKind } from '../../actions';
import type { Indicator } from '../../cascade/schema';
import { dateInVietnam } from '../../calendar/pure';
import { STAGE_LABELS_VI, type Stage, type WaitingOn } from '../../stages';
import type { UnitWorkflowInput } from '../types';
import type { UnitMemory } from '../unit-memory';
import { assigneesOf, taskDueAt, taskOfStage, waitingOn } from '../unit-rules';
import { consolidationOf } from './consolidation';
import { formatVnDate, hasChildren } from './memory-ops';

/** The task a person is asked to do now, as shown on their page. */
export interface CurrentTask {
  kind: TaskKind;
  revision: number;
  /** Emails that may act on it: the assignee and their substitutes. */
  assignees: string[];
  /** ISO instant. */
  dueAt: string;
}

/** Everything a page or the CLI needs to know about one unit's year. */
export interface UnitState {
  unitId: string;
  parentId: string | null;
  unitName: string;
  stage: Stage;
  waitingOn: WaitingOn;
  revision: number;
  /** ISO instant of the current due date, if any. */
  dueAt: string | null;
  overdue: boolean;
  /** The report (or plan) arrived after its due date. */
  late: boolean;
  currentTask: CurrentTask | null;
  /** Plan as last submitted, and the reviewer's last comment. */
  plan: Omit<SubmitPlanInput, 'task' | 'revision' | 'actor'> | null;
  lastReviewComment: string | null;
  report: { values: Record<string, IndicatorValue>; narrative: string; sections?: ReportSections; late?: boolean; submittedAt?: string } | null;
  /** For a consolidating node: the rolled-up values and the children still missing. */
  consolidation: { values: Record<string, IndicatorValue>; missingUnitIds: string[]; missingUnitNames?: string[] } | null;
  /** The node's overall assessment, once it submitted its consolidation (absent from older workers). */
  consolidationNarrative?: string | null;
  /** Form context: what the pages render. */
  activityGroups: { id: string; title: string }[];
  indicators: Indicator[];
  /** Inclusive ISO dates the report's figures cover (absent in older cycles). */
  dataPeriod?: { from: string; to: string };
  /** The plan's action months this year, ISO dates (absent in older cycles). */
  actionWindows?: { name: string; from: string; to: string }[];
  /** Who did each action ("task:revision"), and when: the audit of the unit's year. */
  actions?: Record<string, ActionRecord>;
}

/** The view of a unit: the Query answer, the search attribute values and the details line. */
export interface UnitView {
  state: UnitState;
  searchAttributes: { stage: Stage; waitingOn: WaitingOn; dueAt: string | null; overdue: boolean };
  details: string;
}

/**
 * @param m the unit's memory
 * @param input the unit's input
 * @param now epoch ms (workflow time): decides "overdue"
 * @returns what the Query, the search attributes and the Web UI show
 */
export function view(m: UnitMemory, input: UnitWorkflowInput, now: number): UnitView {
  const task = taskOfStage(m.stage);
  const dueAt = task ? taskDueAt(task, m, input, input.context.calendar) : null;
  const overdue = dueAt !== null && now > Date.parse(dueAt);
  const waiting = waitingOn(m.stage);
  const state: UnitState = {
    unitId: input.node.id,
    parentId: input.parentId,
    unitName: input.node.name,
    stage: m.stage,
    waitingOn: waiting,
    revision: m.revision,
    dueAt,
    overdue,
    late: m.late,
    currentTask: task && dueAt ? { kind: task, revision: m.revision, assignees: assigneesOf(task, m, input).map((p) => p.email), dueAt } : null,
    plan: m.plan,
    lastReviewComment: m.lastReviewComment,
    report: m.report,
    consolidation: hasChildren(m) ? consolidationOf(m, input) : null,
    consolidationNarrative: m.consolidationNarrative,
    activityGroups: input.context.template.activityGroups,
    indicators: input.context.template.indicators,
    ...(input.context.dataPeriod ? { dataPeriod: input.context.dataPeriod } : {}),
    ...(input.context.actionWindows ? { actionWindows: input.context.actionWindows } : {}),
    actions: m.actionRecords,
  };
  const due = dueAt ? `, hạn ${formatVnDate(dateInVietnam(dueAt))}` : '';
  const who = waiting === 'approver' ? 'chờ cấp trên duyệt' : waiting === 'unit-head' ? 'chờ thủ trưởng đơn vị' : '';
  const details = `**${input.node.name}** — ${STAGE_LABELS_VI[m.stage]}${who ? ` (${who})` : ''}${due}${overdue ? ' — **QUÁ HẠN**' : ''}`;
  return { state, searchAttributes: { stage: m.stage, waitingOn: waiting, dueAt, overdue }, details };
}
