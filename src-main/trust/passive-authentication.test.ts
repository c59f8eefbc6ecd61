// Passive authentication's CRL policy: a CRL past its nextUpdate still applies, and the detail says so.
import { describe, expect, it } from 'vitest';
import { buildSod } from '../dev/simulator/lds/sod-builder';
import { loadTestPki } from '../dev/simulator/pki/test-pki';
import { parseCertificate, parseCrl } from './certificates';
import { passiveAuthentication } from './passive-authentication';
import { TrustStore } from './trust-store';

const pki = loadTestPki();
const dataGroups = new Map([[1, new Uint8Array([0x61, 0x03, 0x5f, 0x1f, 0x00])]]);
const store = new TrustStore().with({ anchors: [parseCertificate(pki.csca.der)], crls: [parseCrl(pki.crl)] });
const sodOf = (signer: 'ecdsa' | 'revoked') => buildSod({ dataGroups, signer: pki.signers[signer] });

describe('passive authentication with a CRL (nextUpdate 2036-01-01)', () => {
  it('passes without a warning while the CRL is current', () => {
    const outcome = passiveAuthentication(dataGroups, sodOf('ecdsa'), store, new Date('2030-06-01T00:00:00Z'));
    expect(outcome).toMatchObject({ result: 'passed', detail: 'signature, data-group hashes and certificate chain verified' });
  });

  it('still passes once the CRL is stale, with a warning in the detail', () => {
    const outcome = passiveAuthentication(dataGroups, sodOf('ecdsa'), store, new Date('2036-01-02T00:00:00Z'));
    expect(outcome.result).toBe('passed');
    expect(outcome.detail).toBe(
      'signature, data-group hashes and certificate chain verified; warning: the CRL of this CSCA is stale (nextUpdate 2036-01-01T00:00:00.000Z has passed), revocations since then are unknown',
    );
  });

  it('a stale CRL still revokes what it lists', () => {
    const outcome = passiveAuthentication(dataGroups, sodOf('revoked'), store, new Date('2036-01-02T00:00:00Z'));
    expect(outcome).toMatchObject({ result: 'failed', detail: 'the Document Signer certificate is revoked' });
  });
});
