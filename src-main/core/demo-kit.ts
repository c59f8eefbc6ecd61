// What a demo installation adds to the core, as the production side sees it. The implementation lives in
// `src-main/demo/` (simulated cards, the embedded gateway simulator, the test PKI) and is loaded only by a
// host that was asked for demo: nothing on the production path imports it.
import type { GatewayConfig } from '../checkin/checkin-station';
import type { AccessKey, PersonaInfo } from '../contract';
import type { FacilityCredential, Staff } from '../insurance';
import type { ReaderPort } from '../reader/port';
import type { TrustMaterial } from '../trust/trust-material';
import type { Clock } from '../util/clock';

export interface DemoCards {
  personas(): PersonaInfo[];
  /** Puts the persona's card on the simulated reader; the demo knows each card's key. */
  tap(personaId: string): { reader: string; key: AccessKey };
  remove(): void;
}

export interface DemoKit {
  /** The simulated reader only: a demo never offers a real reader. */
  readers: ReaderPort;
  cards: DemoCards;
  /** The embedded gateway simulator: the only gateway a demo ever reports to. */
  gateway: GatewayConfig;
  credential: FacilityCredential;
  staff: Staff;
  facilityCode: string;
  /** The test CSCAs, trusted on top of the installation's own list (listed as `demo`). */
  testCscas: TrustMaterial;
  close(): Promise<void>;
}

export interface DemoOptions {
  clock: Clock;
  /** Real delays from the link model for simulated cards; off in tests that want speed. */
  simDelays: boolean;
  /** Where the demo's resources are (personas, test CSCAs, facility certificate, BHYT records). */
  resourcesDir?: string;
}

export type DemoLoader = (options: DemoOptions) => Promise<DemoKit>;
