// The JSON of `tiepdon card read --json` (and of the desk's read result): holder dates as on the card
// (dd/mm/yyyy), MRZ dates YYMMDD, photo as base64.
import type { ChipRead } from '../card/read/chip-reader';
import type { Verification } from './verification';

export function readResultJson(read: ChipRead & { reader: string }, verification: Verification, includePhoto: boolean) {
  const { mrz } = read;
  return {
    reader: read.reader,
    access: read.access,
    documentType: read.documentType,
    mrz: {
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
    },
    holder: read.holder,
    photo: includePhoto && read.photo ? { mimeType: read.photo.mimeType, bytes: Buffer.from(read.photo.bytes).toString('base64') } : null,
    verification,
    warnings: read.warnings,
    stats: { apdus: read.stats.apdus, bytesSent: read.stats.bytesSent, bytesReceived: read.stats.bytesReceived, elapsedMs: read.stats.elapsedMs },
  };
}
