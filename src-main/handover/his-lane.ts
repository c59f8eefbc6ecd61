// The HIS lane of the outbox: what queues a hand-over and what sends one. A check-in's hand-over is
// queued by the check-in's own transaction (NewCheckIn.handover); corrections and cancellations by
// `queueHisUpdate`, to be called inside the transaction that makes the change.
import type { Clock } from '../core/clock';
import { transactionBundleOf } from '../his/fhir-bundles';
import type { MappingOptions } from '../his/fhir-resources';
import type { FhirClient } from '../his/fhir-client';
import type { HisEvent } from '../his/his-visit';
import { StoreError, type OutboxKind, type Store } from '../store';
import type { OutboxHandler } from '../sync';
import { hisVisitOf, type FacilityNames } from './visit-source';

export const HIS_KINDS = ['his-checkin', 'his-correction', 'his-cancellation'] as const satisfies readonly OutboxKind[];
type HisKind = (typeof HIS_KINDS)[number];

const EVENT_OF: Record<HisKind, HisEvent> = { 'his-checkin': 'check-in', 'his-correction': 'correction', 'his-cancellation': 'cancellation' };

/** Queues the hand-over of a changed visit; each change is its own item, sent in the visit's order. */
export function queueHisUpdate(store: Store, visitId: string, change: 'correction' | 'cancellation', at: Date): number {
  const row = store.visits.row(visitId);
  if (!row) throw new StoreError('not-found', `visit ${visitId}`);
  return store.outbox.enqueueRecurring(change === 'correction' ? 'his-correction' : 'his-cancellation', visitId, row.patient_id, at);
}

export interface HisPushDeps {
  store: Store;
  client: Pick<FhirClient, 'transaction'>;
  clock: Clock;
  facility: FacilityNames;
  mapping: () => MappingOptions;
}

/**
 * Builds the visit's transaction Bundle from what the store holds now and POSTs it. The receipt kept
 * with the done item is the HIS's answer: its HTTP status and each entry's status, location and ETag.
 */
export function hisPushHandler(deps: HisPushDeps): OutboxHandler {
  return async (item, { signal }) => {
    const visit = hisVisitOf(deps.store, item.visitId, deps.facility);
    const bundle = transactionBundleOf({ visit, event: EVENT_OF[item.kind as HisKind], key: item.idempotencyKey }, deps.clock.now(), deps.mapping());
    const receipt = await deps.client.transaction(bundle, { signal });
    return { receipt: JSON.stringify(receipt), detail: { type: 'his-accepted', visitId: item.visitId } };
  };
}
