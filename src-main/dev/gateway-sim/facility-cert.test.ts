import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateFacilityCertificate, seededPrng } from './facility-cert';
import { fixturePaths } from './fixture-paths';

describe('the demo facility certificate', () => {
  it('the seeded generator repeats itself', () => {
    expect(seededPrng('s').getBytesSync(40)).toBe(seededPrng('s').getBytesSync(40));
    expect(seededPrng('s').getBytesSync(40)).not.toBe(seededPrng('t').getBytesSync(40));
  });

  it('regenerates byte for byte what fixtures/pki holds (npm run fixtures:facility)', () => {
    const files = generateFacilityCertificate();
    expect(Buffer.from(files.p12).equals(readFileSync(fixturePaths.facilityP12))).toBe(true);
    expect(files.certificatePem).toBe(readFileSync(fixturePaths.facilityCertificate, 'utf8'));
  });
});
