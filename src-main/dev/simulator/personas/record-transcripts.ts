// `npm run fixtures:transcripts`: records reads of a few personas through the in-process simulator, so the
// replay transport and its tests have sessions to answer from (PACE with a CAN, BAC with an MRZ key, and a
// short-APDU-only chip). Synthetic people only: a real card's transcript holds personal data.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessInput } from '../../../card/keys/access-key';
import { parseMrzKey } from '../../../card/keys/mrz-key';
import { readCardIn } from '../../../identity/card-read-service';
import { SimReaderPort } from '../sim-reader-port';
import { loadChipImage, personasDir } from './registry';

export const TRANSCRIPTS: { persona: string; access: AccessInput }[] = [
  { persona: 'an', access: { kind: 'can', can: '012345' } },
  { persona: 'an-bac', access: { kind: 'mrz', key: parseMrzKey('090012345:900315:500315') } },
  { persona: 'short-apdu-only', access: { kind: 'can', can: '001111' } },
];

export const TRANSCRIPT_DATE = new Date('2026-03-01T08:00:00Z');

export function transcriptPath(persona: string): string {
  return join(personasDir(), '..', 'transcripts', `${persona}.jsonl`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { persona, access } of TRANSCRIPTS) {
    const readers = new SimReaderPort();
    readers.insert(loadChipImage(persona));
    await readCardIn(readers, {
      reader: readers.readerNames[0]!,
      access,
      now: TRANSCRIPT_DATE,
      record: (jsonl) => writeFileSync(transcriptPath(persona), jsonl),
    });
    console.log(`${persona} → ${transcriptPath(persona)}`);
  }
}
