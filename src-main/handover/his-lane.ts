// The HIS lane of the outbox: what sends a hand-over. Each is queued by the transaction that makes the
// change: the check-in (NewCheckIn.handover), a correction or a cancellation (Store.correctVisit,
// Store.cancelVisit, for visits in the HIS lane).
import type { Clock } from '../util/clock';
import { transactionBundleOf } from '../his/fhir-bundles';
import type { MappingOptions } from '../his/fhir-resources';
import type { FhirClient } from '../his/fhir-client';
import type { HisEvent } from '../his/his-visit';
import type { OutboxKind, Store } from '../store';
import type { OutboxHandler } from '../sync';
import { hisVisitOf, type FacilityNames } from './visit-source';

export const HIS_KINDS = ['his-checkin', 'his-correction', 'his-cancellation'] as const satisfies readonly OutboxKind[];
type HisKind = (typeof HIS_KINDS)[number];

const EVENT_OF: Record<HisKind, HisEvent> = { 'his-checkin': 'check-in', 'his-correction': 'correction', 'his-cancellation': 'cancellation' };

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
