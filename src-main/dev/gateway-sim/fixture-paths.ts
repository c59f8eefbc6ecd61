// Where the simulator's fixtures live in the repository (the simulator runs from source, under tsx or
// vitest, never from the packaged app).
import { fileURLToPath } from 'node:url';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export const fixturePaths = {
  records: fromRoot('fixtures/bhyt/records.json'),
  facilityP12: fromRoot('fixtures/pki/facility-01001.p12'),
  facilityCertificate: fromRoot('fixtures/pki/facility-01001.crt.pem'),
};
