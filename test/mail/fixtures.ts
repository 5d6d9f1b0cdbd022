/** Shared fixtures for mail and web tests. */
import type { Notification } from '../../domain/notifications';
import { createTokenSigner } from '../../runtime/action-tokens';

export const NOW = Date.UTC(2026, 9, 1, 1, 0, 0); // 08:00 on 1/10/2026 in Vietnam
export const BASE_URL = 'https://chidao.example.gov.vn';
export const WORKFLOW_ID = 'cascade/ct21-yte-thanhhoa/2026/unit/bv-da-khoa-tinh';
export const HEAD_EMAIL = 'giamdoc.bvdk@yte.thanhhoa.example.vn';
export const DEPUTY_EMAIL = 'phogiamdoc.bvdk@yte.thanhhoa.example.vn';

export const signer = createTokenSigner({ currentKid: 't1', secrets: { t1: 'test-secret-0123456789-abcdefghijklmnop' } });

/** A notification with plausible defaults. */
export function notification(over: Partial<Notification> = {}): Notification {
  return {
    kind: 'task-assigned',
    workflowId: WORKFLOW_ID,
    task: 'draft-plan',
    revision: 0,
    sequence: 'assigned',
    to: { name: 'Lê Văn Hùng', title: 'Giám đốc', email: HEAD_EMAIL },
    unitName: 'Bệnh viện Đa khoa tỉnh',
    parentPlanLabel: 'Kế hoạch số 2018/KH-BVSTBCPN',
    dueAt: '2026-11-24T16:59:00.000Z',
    linkExpiresAt: '2026-12-31T16:59:00.000Z',
    ...over,
  };
}
