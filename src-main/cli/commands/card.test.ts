// `tiepdon card read` on a simulated card, with the test CSCA and its CRL given for the run: the CRL
// policy as a staff member or support sees it in the read's detail.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../util/clock';
import { defaultPkiDir } from '../../dev/simulator/pki/fixtures-dir';
import { tempDir } from '../../dev/testing/fakes';
import type { CliIo } from '../io';
import { cardCommand } from './card';

async function readAn(now: string) {
  const out: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: () => {} };
  const pki = defaultPkiDir();
  const args = ['read', '--reader', 'sim:an', '--can', '012345', '--trust', join(pki, 'test-csca.pem'), '--trust', join(pki, 'test-csca.crl'), '--data-dir', tempDir(), '--no-photo', '--json'];
  expect(await cardCommand(args, io, fixedClock(now))).toBe(0);
  return JSON.parse(out.join('\n')) as { verification: { verdict: string; passive: { result: string; detail: string } } };
}

describe('card read with a CRL', () => {
  it('is authentic without a warning while the CRL is current', async () => {
    const { verification } = await readAn('2030-06-01T01:00:00.000Z');
    expect(verification).toMatchObject({ verdict: 'authentic', passive: { result: 'passed', detail: 'signature, data-group hashes and certificate chain verified' } });
  });

  it('stays authentic once the CRL is past its nextUpdate, with the stale-CRL warning in the passive detail', async () => {
    const { verification } = await readAn('2036-02-01T01:00:00.000Z');
    expect(verification.verdict).toBe('authentic');
    expect(verification.passive.detail).toContain('warning: the CRL of this CSCA is stale (nextUpdate 2036-01-01T00:00:00.000Z has passed)');
  });
});
