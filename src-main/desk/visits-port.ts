// What the core needs from the visit store and the outbox, so the desk, the kiosk and the waiting-room
// display stay independent of SQLite and of the sync worker.
import type { z } from 'zod';
import type { AuditRow, CancelVisitResponse, CheckInForm, CheckInFormResult, CorrectVisitRequest, CorrectVisitResponse, Connectivity, DisplayBoard, HisQueue, NowServing, QueueSite, PurgeReport, Ticket, VisitRow } from '../contract';
import type { DeskRead } from './desk-reads';

export type VisitsEvent = { type: 'visits-changed' } | { type: 'called'; called: NowServing } | { type: 'sync'; state: Connectivity } | { type: 'site'; state: QueueSite };

export interface VisitsPort {
  /** `read` is the chip read the request names, already looked up by the core. */
  checkIn(request: z.output<typeof CheckInForm>, read: DeskRead | null): Promise<CheckInFormResult>;
  today(search: string): Promise<VisitRow[]>;
  retry(visitId: string): Promise<void>;
  ticket(visitId: string): Promise<Ticket>;
  /** Staff actions name the operator signed in at the desk; a reason is required. */
  cancel(visitId: string, reason: string): Promise<z.output<typeof CancelVisitResponse>>;
  correct(request: z.output<typeof CorrectVisitRequest>): Promise<z.output<typeof CorrectVisitResponse>>;
  callNext(counter: string): Promise<NowServing | null>;
  skip(counter: string): Promise<VisitRow | null>;
  recall(counter: string, visitId?: string): Promise<NowServing | null>;
  /** From the visit rows: the same after a restart. */
  nowServing(): Promise<NowServing[]>;
  /** The display's board for the counters and services Settings name; from the site store when joined. */
  display(): Promise<DisplayBoard>;
  queueSite(): QueueSite;
  syncState(): Connectivity;
  /** Sends everything waiting at once, ignoring backoff; resolves when that attempt is over. */
  flush(): Promise<Connectivity>;
  /** The HIS lane: what waits, what needs staff. */
  hisState(): HisQueue;
  /** Dead hand-overs back in the HIS lane's queue, audited with who did it; resolves after one attempt. */
  hisRetryDead(): Promise<HisQueue>;
  /** The newest audit entries with the operator's name; patients only by reference, never their data. */
  audit(limit: number): AuditRow[];
  /** The last retention purge, for Settings. */
  lastPurge(): Promise<PurgeReport | null>;
  watch(listener: (event: VisitsEvent) => void): () => void;
  close(): Promise<void>;
}
