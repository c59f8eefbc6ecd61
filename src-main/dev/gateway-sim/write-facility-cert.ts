// `npm run fixtures:facility`: (re)writes the demo facility's PKCS#12 and certificate under fixtures/pki.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateFacilityCertificate } from './facility-cert';
import { fixturePaths } from './fixture-paths';

const { p12, certificatePem } = generateFacilityCertificate();
mkdirSync(dirname(fixturePaths.facilityP12), { recursive: true });
writeFileSync(fixturePaths.facilityP12, p12);
writeFileSync(fixturePaths.facilityCertificate, certificatePem);
const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex').slice(0, 16);
console.log(`${fixturePaths.facilityP12}  sha256 ${sha(p12)}…`);
console.log(`${fixturePaths.facilityCertificate}  sha256 ${sha(certificatePem)}…`);
