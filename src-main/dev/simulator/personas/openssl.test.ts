// What the simulator emits, checked by an independent implementation (interop issue): OpenSSL loads every
// persona's DG14 and DG15 public key, parses every EF.SOD as CMS and reads every Document Signer
// certificate. Needs the `openssl` binary (CI installs it).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../util/bytes';
import { parseDg15 } from '../../../card/lds/dg15';
import { parseDg14 } from '../../../card/lds/security-infos';
import { parseSod } from '../../../card/lds/sod';
import { readTlv } from '../../../card/tlv/tlv';
import { loadChipImage, loadPersonaSources } from './registry';

function openssl(args: string[], der: Uint8Array): { status: number | null; stderr: string } {
  const result = spawnSync('openssl', [...args, '-inform', 'DER', '-noout'], { input: der, encoding: 'buffer' });
  if (result.error) throw new Error(`openssl could not be run (${result.error.message}): install it (apt-get install openssl)`);
  return { status: result.status, stderr: result.stderr.toString() };
}

const loads = (args: string[], der: Uint8Array) => expect(openssl(args, der)).toEqual({ status: 0, stderr: '' });

type Emitted = [persona: string, what: string, command: string[], der: Uint8Array];

/** Every key, CMS structure and certificate the personas' chips carry. */
const emitted: Emitted[] = loadPersonaSources().flatMap(({ id }) => {
  const files = loadChipImage(id).files;
  const file = (fid: string) => (files[fid] ? fromHex(files[fid]) : null);
  const out: Emitted[] = [];
  const dg14 = file('010E');
  for (const key of dg14 ? parseDg14(dg14).chipAuthenticationPublicKeys : []) out.push([id, 'DG14 key', ['pkey', '-pubin'], key.subjectPublicKeyInfo]);
  const dg15 = file('010F');
  if (dg15) out.push([id, 'DG15 key', ['pkey', '-pubin'], parseDg15(dg15).subjectPublicKeyInfo]);
  const sod = file('011D');
  if (sod) {
    out.push([id, 'EF.SOD', ['cms', '-cmsout'], readTlv(sod).value]);
    for (const certificate of parseSod(sod).certificates) out.push([id, 'DS certificate', ['x509'], certificate]);
  }
  return out;
});

describe('OpenSSL reads what the simulator emits', () => {
  it('covers every kind for the personas that have one', () => {
    const kinds = new Set(emitted.map(([, what]) => what));
    expect([...kinds].sort()).toEqual(['DG14 key', 'DG15 key', 'DS certificate', 'EF.SOD']);
    expect(new Set(emitted.map(([id]) => id)).size).toBe(loadPersonaSources().length);
  });

  it.each(emitted)('%s: %s (openssl %s)', (_id, _what, command, der) => loads(command, der));
});

describe('the check itself', () => {
  it('OpenSSL refuses a key whose point is not on its curve', () => {
    const dg14 = parseDg14(fromHex(loadChipImage('an').files['010E']!));
    const spki = dg14.chipAuthenticationPublicKeys[0]!.subjectPublicKeyInfo.slice();
    spki[spki.length - 1]! ^= 0x01;
    expect(openssl(['pkey', '-pubin'], spki).status).not.toBe(0);
  });
});
