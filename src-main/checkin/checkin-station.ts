// The composition of one station's check-in side (a desk or a kiosk PC): the store (with its key), the gateway client, the
// connectivity monitor shared by the desk's lookups and the outbox, the outbox worker with its
// handlers, and the check-in service. The app, the web host, the CLI and the crash test all build it
// here, so they cannot wire it differently.
import type { Clock } from '../util/clock';
import type { CheckInTable } from '../contract';
import { CHECKIN_PATHS, facilityOfUsername, GatewayClient, type FacilityCredential, type GatewayAccount, type HttpTimeouts, type LookupLimits } from '../insurance';
import type { Logger } from '../log/logger';
import { Store, type KeyStore } from '../store';
import { ConnectivityMonitor, OutboxWorker, type OutboxHandler, type OutboxWorkerOptions } from '../sync';
import { CheckInService, type CheckInServiceOptions } from './checkin-service';
import { CheckInError } from './errors';
import { checkInReportHandler, eligibilityLookupHandler } from './outbox-handlers';
import { RetentionSchedule, type Timers } from './retention-schedule';
import { openHisPush, type HisPush, type HisPushConfig } from '../handover/his-push';

export interface GatewayConfig {
  baseUrl: string;
  account: GatewayAccount;
  timeouts?: Partial<HttpTimeouts>;
  lookupLimits?: LookupLimits | false;
  cardCheckEncoding?: 'json' | 'form';
  localAddress?: string;
  /** Which check-in table the reports use (QĐ 3176 unless the facility is told otherwise). */
  checkInTable?: CheckInTable;
}

export interface CheckInStationConfig {
  dbFile: string;
  keyStore: KeyStore;
  clock: Clock;
  /** The queue-number prefix; the facility code defaults to the gateway username's (01001_BV → 01001). */
  station: { stationCode: string; facilityCode?: string };
  /** Null: no account configured; lookups and reports wait in the outbox. */
  gateway: GatewayConfig | null;
  /** The facility's signing certificate; without it reports wait in the outbox. */
  credential: FacilityCredential | null;
  logger?: Logger;
  random?: () => number;
  checkin?: Partial<CheckInServiceOptions>;
  worker?: Partial<OutboxWorkerOptions>;
  /** MA_DOITUONG_KCB for cards registered elsewhere (see eligibility-rules.ts). */
  entryCategoryElsewhere?: string;
  /** Hand visits over to the hospital's HIS (FHIR push on its own outbox lane); absent or null: off. */
  his?: HisPushConfig | null;
  /** Purge at open and daily at the quiet hour (the app); absent for one-shot commands. */
  retention?: { days: () => number; quietHour: () => string; timers?: Timers };
}

export interface CheckInStation {
  store: Store;
  service: CheckInService;
  worker: OutboxWorker;
  /** The HIS lane's worker; null when no push is configured. */
  his: HisPush | null;
  connectivity: ConnectivityMonitor;
  gateway: GatewayClient | null;
  retention: RetentionSchedule | null;
  close(): Promise<void>;
}

export async function openCheckInStation(config: CheckInStationConfig): Promise<CheckInStation> {
  const facilityCode = config.station.facilityCode ?? (config.gateway ? facilityOfUsername(config.gateway.account.username)?.maCSKCB : undefined);
  if (!facilityCode) throw new CheckInError('invalid-request', 'facility code unknown: give it, or a NNNNN_BV gateway username', ['facilityCode']);
  const { clock, logger } = config;
  const store = await Store.open({ file: config.dbFile, keyStore: config.keyStore, clock });
  const gateway = config.gateway
    ? new GatewayClient({
        baseUrl: config.gateway.baseUrl,
        account: config.gateway.account,
        clock,
        ...(logger ? { logger } : {}),
        ...(config.gateway.timeouts ? { timeouts: config.gateway.timeouts } : {}),
        ...(config.gateway.lookupLimits !== undefined ? { lookupLimits: config.gateway.lookupLimits } : {}),
        ...(config.gateway.cardCheckEncoding ? { cardCheckEncoding: config.gateway.cardCheckEncoding } : {}),
        ...(config.gateway.localAddress ? { localAddress: config.gateway.localAddress } : {}),
        ...(config.gateway.checkInTable ? { paths: { checkIn: CHECKIN_PATHS[config.gateway.checkInTable] } } : {}),
      })
    : null;
  const connectivity = new ConnectivityMonitor();
  const handlers: Partial<Record<'eligibility-lookup' | 'checkin-report', OutboxHandler>> = {};
  if (gateway) {
    handlers['eligibility-lookup'] = eligibilityLookupHandler({ store, gateway, clock });
    if (config.credential) {
      handlers['checkin-report'] = checkInReportHandler({
        store,
        gateway,
        credential: config.credential,
        clock,
        ...(config.entryCategoryElsewhere ? { entryCategoryElsewhere: config.entryCategoryElsewhere } : {}),
      });
    }
  }
  const worker = new OutboxWorker({
    store,
    handlers,
    clock,
    connectivity,
    ...(config.random ? { random: config.random } : {}),
    ...(logger ? { logger } : {}),
    ...(config.worker ? { options: config.worker } : {}),
  });
  const his = config.his
    ? openHisPush({ store, clock, config: config.his, ...(logger ? { logger } : {}), ...(config.worker ? { worker: config.worker } : {}), ...(config.random ? { random: config.random } : {}) })
    : null;
  const service = new CheckInService({
    store,
    clock,
    station: { facilityCode, stationCode: config.station.stationCode },
    gateway,
    connectivity,
    onCommitted: () => {
      worker.nudge();
      his?.worker.nudge();
    },
    handover: () => his !== null,
    ...(logger ? { logger } : {}),
    ...(config.checkin ? { options: config.checkin } : {}),
  });
  const stopForwarding = worker.subscribe((event) => {
    if (event.type !== 'item-retry') service.visitChanged(event.item.visitId);
  });
  const retention = config.retention
    ? new RetentionSchedule({ clock, purge: (days) => store.purgeExpiredPii(days), ...config.retention, ...(logger ? { logger } : {}) })
    : null;
  retention?.start();
  return {
    store,
    service,
    worker,
    his,
    connectivity,
    gateway,
    retention,
    close: async () => {
      retention?.close();
      stopForwarding();
      await worker.close();
      await his?.close();
      gateway?.close();
      store.close();
    },
  };
}
