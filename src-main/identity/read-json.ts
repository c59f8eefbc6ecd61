// The JSON of `tiepdon card read --json` (and of the desk's read result): holder dates as on the card
// (dd/mm/yyyy), MRZ dates YYMMDD, photo as base64.
import type { Mrz } from '../card/lds/dg1';
import type { ChipRead } from '../card/read/chip-reader';
import type { MrzSummary, Verification } from '../contract';

/** The MRZ fields shown to people (the raw lines and check-digit flag stay inside). */
export function mrzSummary(mrz: Mrz): MrzSummary {
  return {
    documentCode: mrz.documentCode,
    issuingState: mrz.issuingState,
    documentNumber: mrz.documentNumber,
    dateOfBirth: mrz.dateOfBirth,
    dateOfExpiry: mrz.dateOfExpiry,
    sex: mrz.sex,
    nationality: mrz.nationality,
    surname: mrz.surname,
    givenNames: mrz.givenNames,
    optionalData: mrz.optionalData,
  };
}

export function readResultJson(read: ChipRead & { reader: string }, verification: Verification, includePhoto: boolean) {
  return {
    reader: read.reader,
    access: read.access,
    documentType: read.documentType,
    mrz: mrzSummary(read.mrz),
    holder: read.holder,
    photo: includePhoto && read.photo ? { mimeType: read.photo.mimeType, bytes: Buffer.from(read.photo.bytes).toString('base64') } : null,
    verification,
    warnings: read.warnings,
    stats: { apdus: read.stats.apdus, bytesSent: read.stats.bytesSent, bytesReceived: read.stats.bytesReceived, recoveries: read.stats.recoveries, elapsedMs: read.stats.elapsedMs },
  };
}
