// What a station's log and outbox keep of a patient after a morning's work at debug level: a check-in
// reported to the BHXH gateway simulator and handed over to a FHIR receiver, a cancellation, and an HIS
// that refuses the Bundle with the patient's name in its diagnostics. None of the patient's data, the
// operator's CCCD or the HIS token may be in either.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePaths } from '../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../dev/gateway-sim/server';
import { AN, HOA, TEST_KEY } from '../dev/testing/check-ins';
import { memoryLogger, tempDir } from '../dev/testing/fakes';
import { FhirReceiver } from '../dev/testing/fhir-receiver';
import { loadFacilityCredential } from '../insurance';
import { StaticKeyStore } from '../store';
import { fixedClock } from '../util/clock';
import { openCheckInStation } from './checkin-station';
import type { IdentityInput } from './identity';

const clock = fixedClock('2026-03-15T01:30:00.000Z');
const an: IdentityInput = { ...AN, provenance: 'chip-authentic', verdict: 'authentic' };
const HIS_TOKEN = 'his-token-5f2c9a';

let sim: GatewaySim;
let receiver: FhirReceiver;
beforeAll(async () => {
  sim = await startGatewaySim({ clock });
  receiver = await new FhirReceiver().start();
});
afterAll(async () => {
  await receiver.stop();
  await sim.close();
});

describe('a station’s logs and outbox after check-in, report, hand-over and cancellation', () => {
  it('hold no name, CCCD, date of birth or address, no operator CCCD and no HIS token', async () => {
    const { logger, lines } = await memoryLogger();
    const station = await openCheckInStation({
      dbFile: join(tempDir(), 'desk.db'),
      keyStore: new StaticKeyStore(TEST_KEY),
      clock,
      logger,
      station: { stationCode: 'K1', facilityCode: '01001' },
      gateway: { baseUrl: sim.url, account: { username: '01001_BV', password: 'tiepdon-demo' }, lookupLimits: false },
      credential: loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'tiepdon-demo'),
      worker: { itemBackoff: { baseMs: 1, maxMs: 1 }, unreachableBackoff: { baseMs: 1, maxMs: 1 } },
      his: {
        baseUrl: receiver.url,
        auth: { kind: 'bearer', token: HIS_TOKEN },
        caPem: null,
        facility: { code: '01001', name: 'Bệnh viện Demo Tiếp đón' },
        mapping: () => ({ includePhoto: false, testData: false }),
        timeouts: { connectMs: 1_000, totalMs: 1_500 },
      },
    });
    try {
      const reported = await station.service.checkIn({ identity: an, staff: HOA, service: { code: 'NOI', name: 'Khám Nội' } });
      expect(await station.worker.drain({ ignoreSchedule: true })).toMatchObject({ done: 1 });
      expect(await station.his!.worker.drain({ ignoreSchedule: true })).toMatchObject({ done: 1 });
      station.service.cancelVisit(reported.visitId, HOA, 'Bệnh nhân đăng ký nhầm');
      expect(await station.his!.worker.drain({ ignoreSchedule: true })).toMatchObject({ done: 1 });

      receiver.behaviour = 'rejected';
      const refused = await station.service.checkIn({ identity: an, staff: HOA, service: { code: 'NOI', name: 'Khám Nội' } });
      expect((await station.his!.worker.drain({ ignoreSchedule: true })).items).toMatchObject([{ outcome: 'dead', code: 'rejected:422' }]);
      const dead = station.his!.worker.deadItems();
      expect(dead.map((item) => item.visitId)).toEqual([refused.visitId]);

      expect(lines.length).toBeGreaterThan(5);
      const kept = [...lines, ...dead.map((item) => item.lastError ?? '')].join('\n');
      for (const secret of [AN.fullName, 'Nguyễn', 'NGUYỄN', AN.idNumber, AN.dateOfBirth, '1990-03-15', 'Nguyễn Trãi', 'Thượng Đình', HOA.idNumber, HOA.fullName, HIS_TOKEN, 'đăng ký nhầm']) {
        expect(kept).not.toContain(secret);
      }
    } finally {
      receiver.behaviour = 'ok';
      await station.close();
    }
  });
});
