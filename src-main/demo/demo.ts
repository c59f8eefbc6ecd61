// The demo installation: a simulated reader with the synthetic personas, the BHXH gateway simulator
// embedded on loopback, the demo facility certificate and the test CSCAs. Hosts load this module only
// when asked for demo (`--demo`, `npm run demo`, the first-run screen's choice, a demo installation).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractError } from '../contract';
import type { DemoCards, DemoKit, DemoOptions } from '../core/demo-kit';
import { DEMO_CREDENTIALS } from '../dev/gateway-sim/accounts';
import { DEMO_FACILITY } from '../dev/gateway-sim/facility-cert';
import { loadPeople } from '../dev/gateway-sim/records';
import { startGatewaySim } from '../dev/gateway-sim/server';
import { loadFacilityCredential } from '../insurance';
import { summarize } from '../dev/simulator/personas/persona-builder';
import { ReaderError } from '../reader/port';
import { loadChipImage, loadPersonaSources, PersonaNotFoundError } from '../dev/simulator/personas/registry';
import { SimReaderPort } from '../dev/simulator/sim-reader-port';
import { readTrustPath } from '../trust/trust-material';

/** The demo's resources: the repository's fixtures, or their copy in the installed app (`resources/demo`). */
export function demoResources(dir = process.env.TIEPDON_DEMO_RESOURCES ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures')) {
  return {
    personas: join(dir, 'personas'),
    testCscas: [join(dir, 'pki', 'test-csca.pem'), join(dir, 'pki', 'test-csca-rsa.pem')],
    facilityP12: join(dir, 'pki', 'facility-01001.p12'),
    facilityCertificate: join(dir, 'pki', 'facility-01001.crt.pem'),
    records: join(dir, 'bhyt', 'records.json'),
  };
}

function demoCards(readers: SimReaderPort, personasDir: string): DemoCards {
  return {
    personas: () => loadPersonaSources(personasDir).map(summarize),
    tap: (personaId) => {
      const persona = loadPersonaSources(personasDir).find((source) => source.id === personaId);
      if (!persona) throw new ContractError('bad-request', `no persona ${personaId}`);
      readers.insert(loadChipImage(personaId, personasDir));
      // The demo knows each card's key: the CAN where there is one, the MRZ key otherwise.
      const summary = summarize(persona);
      return { reader: readers.readerNames[0]!, key: summary.can ? { kind: 'can', can: summary.can } : { kind: 'mrz', key: summary.mrzKey } };
    },
    remove: () => readers.remove(),
  };
}

export async function openDemo(options: DemoOptions): Promise<DemoKit> {
  const resources = demoResources(options.resourcesDir);
  const readers = new SimReaderPort({ realDelays: options.simDelays });
  const gatewaySim = await startGatewaySim({
    clock: options.clock,
    people: loadPeople(resources.records),
    trustedCertificatePem: readFileSync(resources.facilityCertificate, 'utf8'),
  });
  return {
    readers,
    cards: demoCards(readers, resources.personas),
    gateway: { baseUrl: gatewaySim.url, account: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password } },
    credential: loadFacilityCredential(new Uint8Array(readFileSync(resources.facilityP12)), DEMO_FACILITY.p12Password),
    staff: { fullName: DEMO_CREDENTIALS.staff.fullName, idNumber: DEMO_CREDENTIALS.staff.idNumber },
    facilityCode: DEMO_FACILITY.code,
    testCscas: demoTestCscas(options.resourcesDir),
    close: () => gatewaySim.close(),
  };
}

/** The test CSCAs a demo trusts (`trust list` on a demo installation shows them without starting the demo). */
export function demoTestCscas(resourcesDir?: string): DemoKit['testCscas'] {
  const materials = demoResources(resourcesDir).testCscas.map((path) => readTrustPath(path));
  return { anchors: materials.flatMap((material) => material.anchors), crls: materials.flatMap((material) => material.crls) };
}

/** `--reader sim:<persona>` for the CLI: that persona's card on a simulated reader of that name. */
export function simulatedReader(reader: string, resourcesDir?: string): SimReaderPort {
  const port = new SimReaderPort({ readers: [reader] });
  try {
    port.insert(loadChipImage(reader.slice('sim:'.length), demoResources(resourcesDir).personas), reader);
  } catch (error) {
    if (error instanceof PersonaNotFoundError) throw new ReaderError('no-reader', `no simulated card "${error.id}" (see: tiepdon sim personas)`);
    throw error;
  }
  return port;
}
