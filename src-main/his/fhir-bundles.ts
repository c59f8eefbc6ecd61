// The two Bundles we produce: a `transaction` per hand-over (push), PUTs with our ids so that sending
// it again — a retry, a correction, a cancellation — updates the same resources; and a `collection` of a
// day's visits (file export), each with the Provenance of its registration.
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { localSystems, TEST_DATA_TAG } from './fhir-ids';
import { provenanceOf, visitResources, type MappingOptions } from './fhir-resources';
import type { HisEvent, HisVisit } from './his-visit';

function resourcesOf(visit: HisVisit, event: HisEvent, handoverKey: string, recorded: Date, options: MappingOptions): Resource[] {
  const resources = visitResources(visit, options);
  const provenance = provenanceOf(visit, resources, event, handoverKey, recorded, options);
  return [resources.patient, ...(resources.coverage ? [resources.coverage] : []), resources.encounter, provenance];
}

/** Our ids are UUIDs, so every entry's fullUrl is the urn:uuid of its id. */
const fullUrlOf = (resource: Resource) => `urn:uuid:${resource.id}`;

export interface Handover {
  visit: HisVisit;
  event: HisEvent;
  /** The outbox item's idempotency key: the Bundle's identifier and the Provenance's id come from it. */
  key: string;
}

export function transactionBundleOf(handover: Handover, now: Date, options: MappingOptions): Bundle {
  const { visit } = handover;
  const entry: BundleEntry[] = resourcesOf(visit, handover.event, handover.key, now, options).map((resource) => ({
    fullUrl: fullUrlOf(resource),
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
  }));
  return {
    resourceType: 'Bundle',
    ...(options.testData ? { meta: { tag: [{ ...TEST_DATA_TAG }] } } : {}),
    identifier: { system: `${localSystems(visit.facility.code).visit}:handover`, value: handover.key },
    type: 'transaction',
    timestamp: now.toISOString(),
    entry,
  };
}

/**
 * A day's visits for an HIS that imports files; a cancelled visit's Provenance says so. A patient who
 * came twice that day is one Patient entry (a fullUrl appears once in a Bundle).
 */
export function collectionBundleOf(visits: readonly HisVisit[], now: Date, options: MappingOptions): Bundle {
  const seen = new Set<string>();
  const entry: BundleEntry[] = visits.flatMap((visit) => {
    const event: HisEvent = visit.status === 'cancelled' ? 'cancellation' : 'check-in';
    return resourcesOf(visit, event, `export:${visit.visitId}`, now, options)
      .map((resource) => ({ fullUrl: fullUrlOf(resource), resource }))
      .filter(({ fullUrl }) => !seen.has(fullUrl) && Boolean(seen.add(fullUrl)));
  });
  return {
    resourceType: 'Bundle',
    ...(options.testData ? { meta: { tag: [{ ...TEST_DATA_TAG }] } } : {}),
    type: 'collection',
    timestamp: now.toISOString(),
    // FHIR JSON has no empty arrays: a day without visits is a Bundle without entries.
    ...(entry.length > 0 ? { entry } : {}),
  };
}
