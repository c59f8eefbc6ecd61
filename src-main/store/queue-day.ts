// Queue numbers restart every Vietnamese calendar day (Asia/Ho_Chi_Minh, UTC+7, no daylight saving), per
// station and service, and carry the station code so two desks never call out the same number.
import { vnIsoDate } from '../insurance/dates';

/** `YYYY-MM-DD` of the instant in Vietnam: the queue day rolls over at local midnight (17:00 UTC). */
export function queueDayOf(instant: Date): string {
  return vnIsoDate(instant);
}

/** `A-015`: three digits, more when a busy day needs them. */
export function formatQueueNumber(stationCode: string, seq: number): string {
  return `${stationCode}-${String(seq).padStart(3, '0')}`;
}
