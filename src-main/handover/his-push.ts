// The push to the hospital's HIS, composed: the FHIR client with the settings' address, credentials and
// CA, and an outbox worker of its own on the HIS lane, with its own connectivity monitor and back-off, so
// an HIS outage and a BHXH outage never hold each other up. Nothing here runs unless a FHIR base URL is
// configured (a demo installation included: off unless set).
import type { Clock } from '../util/clock';
import { FhirClient, type HisAuth } from '../his/fhir-client';
import type { MappingOptions } from '../his/fhir-resources';
import type { Logger } from '../log/logger';
import type { HisSettings } from '../contract';
import type { Store } from '../store';
import { OutboxWorker, type OutboxWorkerOptions } from '../sync';
import { HIS_KINDS, hisPushHandler } from './his-lane';
import type { FacilityNames } from './visit-source';

export interface HisPushConfig {
  baseUrl: string;
  auth: HisAuth;
  caPem: string | null;
  /** Asked at each send: the photo setting and whether this is a demo installation. */
  mapping: () => MappingOptions;
  facility: FacilityNames;
  timeouts?: { connectMs?: number; totalMs?: number };
}

/** The push configuration the settings describe; null when no FHIR base URL is set. */
export function hisPushConfigOf(his: HisSettings, secret: string | null, facility: FacilityNames, testData: boolean): HisPushConfig | null {
  if (!his.fhirBaseUrl) return null;
  let auth: HisAuth = { kind: 'none' };
  if (his.auth === 'bearer' && secret) auth = { kind: 'bearer', token: secret };
  if (his.auth === 'basic' && secret && his.username) auth = { kind: 'basic', username: his.username, password: secret };
  return { baseUrl: his.fhirBaseUrl, auth, caPem: his.caPem, facility, mapping: () => ({ includePhoto: his.includePhoto, testData }) };
}

export interface HisPush {
  worker: OutboxWorker;
  close(): Promise<void>;
}

export function openHisPush(deps: { store: Store; clock: Clock; config: HisPushConfig; logger?: Logger; worker?: Partial<OutboxWorkerOptions>; random?: () => number }): HisPush {
  const { config } = deps;
  const client = new FhirClient({ baseUrl: config.baseUrl, auth: config.auth, caPem: config.caPem, ...(config.timeouts ? { timeouts: config.timeouts } : {}) });
  const handler = hisPushHandler({ store: deps.store, client, clock: deps.clock, facility: config.facility, mapping: config.mapping });
  const worker = new OutboxWorker({
    store: deps.store,
    lane: 'his',
    handlers: Object.fromEntries(HIS_KINDS.map((kind) => [kind, handler])),
    clock: deps.clock,
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.worker ? { options: deps.worker } : {}),
  });
  return {
    worker,
    close: async () => {
      await worker.close();
      client.close();
    },
  };
}
