// A day's visits as a file for an HIS that imports files: a FHIR `collection` Bundle, or the QĐ 3176
// check-in table (the rows the BHXH reports carry, unsigned: the signature is for the gateway). Visits
// whose personal data retention has purged are left out, and counted.
import { collectionBundleOf } from '../his/fhir-bundles';
import type { MappingOptions } from '../his/fhir-resources';
import { HisError } from '../his/errors';
import type { HisVisit } from '../his/his-visit';
import { buildCheckInXml, checkInFieldProblems, checkInRecordOf, fieldValuesOf, GatewayError, type CheckInRecord } from '../insurance';
import { StoreError, type Store } from '../store';
import { checkInVisitOf } from '../checkin/report';
import { hisVisitOf, type FacilityNames } from './visit-source';

export const EXPORT_FORMATS = ['fhir', 'xml3176'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface DayExport {
  /** The file's text (UTF-8). */
  text: string;
  /** `tiepdon-01001-2026-03-15.fhir.json` or `….xml`. */
  fileName: string;
  /** Visits in the file. */
  visits: number;
  /** Visits left out: personal data purged, or (table) cancelled or not expressible in it. */
  skipped: number;
}

export interface DayExportOptions {
  /** `YYYY-MM-DD`, a Vietnamese queue day. */
  day: string;
  format: ExportFormat;
  facility: FacilityNames;
  mapping: MappingOptions;
  now: Date;
  entryCategoryElsewhere?: string;
}

const purged = (error: unknown) => error instanceof StoreError && error.code === 'not-found';

export function exportDay(store: Store, options: DayExportOptions): DayExport {
  const ids = store.visitsOfDay(options.day).map((visit) => visit.visitId);
  const base = `tiepdon-${options.facility.code}-${options.day}`;
  if (options.format === 'fhir') {
    const visits: HisVisit[] = [];
    for (const id of ids) {
      try {
        visits.push(hisVisitOf(store, id, options.facility));
      } catch (error) {
        if (!purged(error)) throw error;
      }
    }
    const bundle = collectionBundleOf(visits, options.now, options.mapping);
    return { text: `${JSON.stringify(bundle, null, 2)}\n`, fileName: `${base}.fhir.json`, visits: visits.length, skipped: ids.length - visits.length };
  }
  const records: CheckInRecord[] = [];
  for (const id of ids) {
    if (store.visits.row(id)?.status === 'cancelled') continue;
    // Purged, or a row the table cannot carry (a date of birth, a field too long): left out, the rest still goes.
    try {
      const record = checkInRecordOf(checkInVisitOf(store.reportSubject(id), options.entryCategoryElsewhere), records.length + 1);
      if (checkInFieldProblems(fieldValuesOf(record)).length === 0) records.push(record);
    } catch (error) {
      if (!purged(error) && !(error instanceof GatewayError)) throw error;
    }
  }
  if (records.length === 0) throw new HisError('nothing-to-export', `no visits to put in the check-in table on ${options.day}`);
  return { text: buildCheckInXml(records), fileName: `${base}.xml`, visits: records.length, skipped: ids.length - records.length };
}
