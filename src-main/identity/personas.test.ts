// Every persona through the whole reading and verification stack, in process, with every kind of key
// material that applies to it, and the verdict each must get (holder verification issue).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessInput } from '../card/keys/access-key';
import { parseMrzKey } from '../card/keys/mrz-key';
import { loadChipImage, loadPersonaSources } from '../dev/simulator/personas/registry';
import { summarize } from '../dev/simulator/personas/persona-builder';
import { SimReaderPort } from '../dev/simulator/sim-reader-port';
import { readTrustPath } from '../trust/trust-material';
import { TrustStore } from '../trust/trust-store';
import { readCardIn } from './card-read-service';
import type { Verdict } from '../contract';
import { verifyRead } from './verification';

const now = new Date('2026-03-01T08:00:00Z');
const pki = join(import.meta.dirname, '../../fixtures/pki');
const trusted = new TrustStore().with(readTrustPath(join(pki, 'test-csca.pem'))).with(readTrustPath(join(pki, 'test-csca-rsa.pem')));

const expected: Record<string, Verdict> = {
  'tampered-dg13': 'data-altered',
  'forged-sod': 'data-altered',
  'cloned-chip': 'clone-suspected',
  'untrusted-issuer': 'issuer-untrusted',
  'no-sod': 'not-verifiable',
  'clone-after-ca': 'clone-suspected',
  'clone-hidden-groups': 'clone-suspected',
};

/** Hostile chips that must end the read with a typed error (card-soundness issue). */
const expectedErrors: Record<string, string> = {
  'endless-6c': 'card-error',
  'giant-file': 'malformed-data',
  'slow-chip': 'card-timeout',
};
/** Short limits so that the stalling chip costs the suite a fraction of a second; the defaults are tested in card/. */
const timeouts = { apduMs: 150, readMs: 2_000 };

async function read(personaId: string, access: AccessInput, trust = trusted) {
  const readers = new SimReaderPort();
  readers.insert(loadChipImage(personaId));
  const result = await readCardIn(readers, { reader: readers.readerNames[0]!, access, now, timeouts });
  return { result, verification: verifyRead(result, trust, now) };
}

describe.each(loadPersonaSources())('persona $id', (source) => {
  const summary = summarize(source);
  const keys: [string, AccessInput][] = [['mrz key', { kind: 'mrz', key: parseMrzKey(summary.mrzKey) }]];
  if (summary.can) keys.push(['CAN', { kind: 'can', can: summary.can }]);
  if (summary.idNumber) {
    keys.push(['ID + date of birth', { kind: 'id-dob', idNumber: summary.idNumber, dateOfBirth: source.dateOfBirth }]);
    if (source.dateOfIssue) {
      const compact = (date: string) => date.replace(/\//g, '');
      keys.push(['QR', { kind: 'qr', text: `${summary.idNumber}|${source.oldIdNumber ?? ''}|${source.fullName}|${compact(source.dateOfBirth)}|${source.sex}|${source.placeOfResidence}|${compact(source.dateOfIssue)}` }]);
    }
  }

  const error = expectedErrors[source.id];
  if (error) {
    it.each(keys)(`with %s, ends the read with ${error}`, async (_kind, access) => {
      await expect(read(source.id, access)).rejects.toMatchObject({ name: 'CardError', code: error });
    });
    return;
  }

  it.each(keys)(`reads with %s, holder as in the source, verdict ${expected[source.id] ?? 'authentic'}`, async (_kind, access) => {
    const { result, verification } = await read(source.id, access);
    expect(result.access).toBe(source.chip.pace ? 'PACE' : 'BAC');
    if (source.document === 'passport') {
      expect(result.documentType).toBe('passport');
      expect(result.holder).toBeNull();
    } else if (source.adversarial === 'malformed-dg13') {
      expect(result.holder).toBeNull();
      expect(result.warnings.join()).toMatch(/DG13 malformed/);
    } else if (source.adversarial === 'tampered-dg13') {
      // The forger changed the address after signing: the chip shows it, passive authentication catches it.
      expect(result.holder?.placeOfResidence).not.toBe(source.placeOfResidence);
      expect(result.holder?.fullName).toBe(source.fullName);
    } else {
      const person = source.clonedFrom ? loadPersonaSources().find((other) => other.id === source.clonedFrom)! : source;
      expect(result.holder).toMatchObject({ idNumber: person.idNumber, fullName: person.fullName, dateOfBirth: person.dateOfBirth, placeOfResidence: person.placeOfResidence, spouseName: person.spouseName, oldIdNumber: person.oldIdNumber });
    }
    expect(verification.verdict).toBe(expected[source.id] ?? 'authentic');
  });
});

describe('trust', () => {
  it('without the test CSCA, `an` is issuer-untrusted, never authentic', async () => {
    const { verification } = await read('an', { kind: 'can', can: '012345' }, new TrustStore());
    expect(verification.verdict).toBe('issuer-untrusted');
    expect(verification.chip.result).toBe('passed');
  });
});
