/**
 * The official schedules shipped with the project. Bundled as JSON so a
 * workflow can fall back to it, but callers should pass the data they loaded
 * (possibly merged with `--calendar` files) as workflow input.
 */
import raw from '../../calendar/vn-official.json';
import { parseCalendarData } from './check-data';
import type { CalendarData } from './data';

function load(): CalendarData {
  const result = parseCalendarData(raw);
  if (!result.ok) throw new Error(`calendar/vn-official.json is invalid: ${JSON.stringify(result.problems)}`);
  return result.data;
}

/** Official schedules for 2025 and 2026 (see `calendar/vn-official.json`). */
export const SHIPPED_CALENDAR: CalendarData = load();
