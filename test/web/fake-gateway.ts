/**
 * In-memory ActionGateway for unit-level web tests: the boundary to Temporal.
 * It records every act() call so tests can assert "no state change".
 */
import type { ActOutcome, ActionGateway, ActionInput, UnitState } from '../../client/web/gateway';
import { DEPUTY_EMAIL, HEAD_EMAIL, WORKFLOW_ID } from '../mail/fixtures';

/** A drafting unit whose head (and deputy) may submit the plan. */
export function draftingState(over: Partial<UnitState> = {}): UnitState {
  return {
    unitId: 'bv-da-khoa-tinh',
    parentId: 'so-y-te',
    unitName: 'Bệnh viện Đa khoa tỉnh',
    stage: 'drafting',
    waitingOn: 'unit-head',
    revision: 0,
    dueAt: '2026-11-24T16:59:00.000Z',
    overdue: false,
    late: false,
    currentTask: { kind: 'draft-plan', revision: 0, assignees: [HEAD_EMAIL, DEPUTY_EMAIL], dueAt: '2026-11-24T16:59:00.000Z' },
    plan: null,
    lastReviewComment: null,
    report: null,
    consolidation: null,
    activityGroups: [
      { id: 'II.1', title: 'Nâng cao nhận thức về vai trò của phụ nữ và bình đẳng giới' },
      { id: 'II.2', title: 'Giám sát, phản biện xã hội' },
      { id: 'II.3', title: 'Lãnh đạo, chỉ đạo; đào tạo cán bộ nữ' },
    ],
    indicators: [
      { id: 'female_leaders_pct', label: 'Tỷ lệ nữ lãnh đạo, quản lý', type: 'percent', rollup: 'mean' },
      { id: 'trainings', label: 'Số lớp tập huấn đã tổ chức', type: 'number', rollup: 'sum', unit: 'lớp' },
      { id: 'action_month_held', label: 'Có tổ chức Tháng hành động vì bình đẳng giới', type: 'boolean', rollup: 'all' },
      { id: 'notes', label: 'Ghi chú khác', type: 'text', rollup: 'list' },
    ],
    ...over,
  };
}

/**
 * What the unit workflow answers to an accepted action, word for word (these are
 * pinned against real workflows by pages-on-workflows.test.ts, which the tests
 * here leave to say what the workflow answers: they check what the web layer
 * makes of it).
 */
export const WORKFLOW_ANSWERS = {
  plan: 'Đã nhận dự thảo kế hoạch; kế hoạch đã được chuyển cấp trên xem xét, phê duyệt.',
  approve: 'Đã phê duyệt kế hoạch; đơn vị được thông báo để triển khai thực hiện.',
  return: 'Đã trả lại kế hoạch kèm ý kiến; đơn vị sẽ chỉnh sửa và gửi lại.',
  report: 'Đã nhận báo cáo kết quả thực hiện.',
  consolidate: 'Đã gửi báo cáo tổng hợp lên cấp trên.',
  alreadyRecorded: 'Việc này đã được ghi nhận trước đó; không cần gửi lại.',
  notAssignee: 'Người gửi không còn là người được giao việc này (có thể nhiệm vụ đã được giao cho người khác).',
} as const;

/** A fake gateway: `states` is mutable; `calls` lists act() inputs. */
export class FakeGateway implements ActionGateway {
  readonly calls: { workflowId: string; input: ActionInput }[] = [];
  readonly states = new Map<string, UnitState>();
  /** Workflow ids whose state was read (a Query each, on Temporal). */
  readonly reads: string[] = [];
  /** When set, act() answers this instead of applying the action. */
  next: ActOutcome | undefined;

  constructor(initial: UnitState = draftingState()) {
    this.states.set(WORKFLOW_ID, initial);
  }

  getState(workflowId: string): Promise<UnitState | null> {
    this.reads.push(workflowId);
    return Promise.resolve(structuredClone(this.states.get(workflowId) ?? null));
  }

  act(workflowId: string, input: ActionInput): Promise<ActOutcome> {
    this.calls.push({ workflowId, input });
    if (this.next) return Promise.resolve(this.next);
    const s = this.states.get(workflowId);
    if (!s) return Promise.resolve({ kind: 'not-found' });
    if (input.task === 'draft-plan') {
      const { task: _t, revision: _r, actor: _a, ...plan } = input;
      this.states.set(workflowId, { ...s, stage: 'in-review', waitingOn: 'approver', plan, currentTask: { kind: 'review-plan', revision: s.revision, assignees: ['pho.giamdoc@soyte.example.vn'], dueAt: s.dueAt ?? '' } });
      return Promise.resolve({ kind: 'done', result: { outcome: 'accepted', stage: 'in-review', message: WORKFLOW_ANSWERS.plan } });
    }
    // The stage and answer the workflow gives (the fake does not move the state further).
    const answer = {
      'review-plan': input.task === 'review-plan' && input.decision === 'return' ? (['drafting', WORKFLOW_ANSWERS.return] as const) : (['implementing', WORKFLOW_ANSWERS.approve] as const),
      report: [s.consolidation ? 'consolidating' : 'reported', WORKFLOW_ANSWERS.report] as const,
      consolidate: ['reported', WORKFLOW_ANSWERS.consolidate] as const,
    }[input.task];
    return Promise.resolve({ kind: 'done', result: { outcome: 'accepted', stage: answer[0], message: answer[1] } });
  }
}
