/** Pages that explain an outcome: the link's state, or what an action gave. */
import { STAGE_LABELS_VI } from '../../../domain/stages';
import { html } from '../../../runtime/html';
import type { Access } from '../task-access';

/** A notice's title, tone and sentences, shared by the HTML page and the JSON answer. */
export interface Notice {
  status: string;
  title: string;
  tone: 'ok' | 'warn' | 'bad';
  paragraphs: string[];
}

const contactLine = (support?: string) =>
  support ? `Nếu cần xử lý gấp, vui lòng liên hệ ${support}.` : 'Nếu cần xử lý gấp, vui lòng liên hệ cơ quan đã giao nhiệm vụ.';

/** @returns the notice for a non-ok access decision */
export function accessNotice(access: Exclude<Access, { kind: 'ok' }>, supportContact?: string): Notice {
  switch (access.kind) {
    case 'invalid':
      return { status: 'invalid-link', title: 'Liên kết không hợp lệ', tone: 'bad', paragraphs: ['Đường liên kết không đúng hoặc đã bị thay đổi, nên không thể dùng để thao tác.', 'Vui lòng mở lại đường liên kết đầy đủ trong thư điện tử đã nhận (không sao chép thiếu ký tự).'] };
    case 'expired':
      return { status: 'expired', title: 'Liên kết đã hết hạn', tone: 'warn', paragraphs: ['Liên kết đã hết hạn nên không thể dùng để thao tác. Không có thay đổi nào được ghi nhận.', 'Nếu nhiệm vụ vẫn chưa hoàn thành, hệ thống sẽ gửi thư nhắc việc kèm liên kết mới; vui lòng dùng liên kết trong thư mới nhất.', contactLine(supportContact)] };
    case 'not-found':
      return { status: 'not-found', title: 'Không tìm thấy nhiệm vụ', tone: 'bad', paragraphs: ['Nhiệm vụ gắn với liên kết này không còn trong hệ thống.', contactLine(supportContact)] };
    case 'done':
      return { status: 'already-recorded', title: 'Nội dung đã được ghi nhận', tone: 'ok', paragraphs: [`Nhiệm vụ của liên kết này đã được thực hiện và đã được ghi nhận. Trạng thái hiện tại của ${access.state.unitName}: ${STAGE_LABELS_VI[access.state.stage]}.`, 'Không cần thao tác thêm.'] };
    case 'superseded':
      return access.reason === 'reassigned'
        ? { status: 'superseded', title: 'Nhiệm vụ đã được giao cho người khác', tone: 'warn', paragraphs: ['Nhiệm vụ này hiện không còn được giao cho địa chỉ thư đã nhận liên kết, nên liên kết không còn hiệu lực. Không có thay đổi nào được ghi nhận.', contactLine(supportContact)] }
        : { status: 'superseded', title: 'Liên kết đã được thay bằng liên kết mới', tone: 'warn', paragraphs: ['Nhiệm vụ đã được cập nhật (ví dụ kế hoạch được trả lại để chỉnh sửa) và đã có thư mới kèm liên kết mới. Vui lòng dùng liên kết trong thư mới nhất. Không có thay đổi nào được ghi nhận.'] };
    case 'wrong-stage':
      return { status: 'wrong-stage', title: 'Chưa đến bước này', tone: 'warn', paragraphs: [`Nhiệm vụ của liên kết này hiện chưa được mở. Trạng thái hiện tại của ${access.state.unitName}: ${STAGE_LABELS_VI[access.state.stage]}.`, 'Hệ thống sẽ gửi thư khi đến bước cần thao tác. Không có thay đổi nào được ghi nhận.'] };
    case 'cancelled':
      return { status: 'cancelled', title: 'Nhiệm vụ đã dừng', tone: 'warn', paragraphs: ['Nhiệm vụ này đã được hủy, không cần thao tác thêm.'] };
  }
}

/** HTTP status for each access decision. */
export const ACCESS_STATUS: Record<Exclude<Access, { kind: 'ok' }>['kind'], number> = {
  invalid: 400,
  expired: 410,
  'not-found': 404,
  done: 200,
  superseded: 409,
  'wrong-stage': 409,
  cancelled: 410,
};

/** @returns the notice body as HTML */
export function noticeBody(n: Notice) {
  return html`<section class="card notice ${n.tone}" aria-labelledby="notice-title">
<h1 id="notice-title">${n.title}</h1>
${n.paragraphs.map((p) => html`<p>${p}</p>`)}
</section>`;
}
