// Contract tests: the gateway client against the gateway simulator, over real loopback HTTP, with both
// clocks pinned to 2026-03-15 08:30 in Hà Nội (the fixture cards are valid in 2026).
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { DEMO_CREDENTIALS } from '../dev/gateway-sim/accounts';
import { fixturePaths } from '../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim, type GatewaySimOptions } from '../dev/gateway-sim/server';
import { SimClock } from '../dev/gateway-sim/sim-clock';
import { memoryLogger } from '../dev/testing/fakes';
import { fieldValuesOf, checkInRecordOf, signedCheckInXml, buildCheckInXml, type CheckInVisit } from './checkin-xml';
import { CHECKIN_PATHS, GatewayClient, type GatewayClientOptions } from './client';
import { GatewayError } from './errors';
import { loadFacilityCredential, type FacilityCredential } from './facility-credential';
import { RESULT_CODES } from './result-codes';
import { TokenCache } from './token-cache';

const AT = '2026-03-15T01:30:00.000Z';
const staff = DEMO_CREDENTIALS.staff;
const an = { maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990' };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup(options: { sim?: GatewaySimOptions; client?: Partial<GatewayClientOptions> } = {}) {
  const sim = await startGatewaySim({ clock: fixedClock(AT), ...options.sim });
  const clock = new SimClock(fixedClock(AT));
  const client = new GatewayClient({
    baseUrl: sim.url,
    account: { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password },
    clock,
    lookupLimits: false,
    ...options.client,
  });
  cleanups.push(() => client.close(), () => sim.close());
  return { sim, client, clock };
}

async function errorOf(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('login and the token', () => {
  it('logs in once (form-encoded, MD5 in upper case) and reuses the token for later calls', async () => {
    const { sim, client } = await setup();
    const token = await client.token();
    expect(token.username).toBe('01001_BV');
    expect(token.expiresAt.toISOString()).toBe('2026-03-15T01:40:00.000Z');
    await client.lookupCard(an, staff);
    await client.lookupCard({ ...an, maThe: '0123456789' }, staff);
    expect(sim.stats()).toMatchObject({ login: 1, 'card-check': 2 });
  });

  it('sends one login however many lookups wait for it', async () => {
    const { sim, client } = await setup();
    const results = await Promise.all(['001090012345', '0123456789', 'DN4010123456789', '001090012345'].map((maThe) => client.lookupCard({ ...an, maThe }, staff)));
    expect(results.map((result) => result.code)).toEqual(['000', '000', '000', '000']);
    expect(sim.stats().login).toBe(1);
  });

  it('refuses a wrong password with an auth error, without retrying the login', async () => {
    const { sim, client } = await setup({ client: { account: { username: '01001_BV', password: 'wrong' } } });
    const error = await errorOf(client.lookupCard(an, staff));
    expect(error.code).toBe('auth');
    expect(sim.stats()).toMatchObject({ login: 1, 'card-check': 0 });
  });

  it('uses a token until 60 s before the gateway expiry, then logs in again', async () => {
    const { sim, client, clock } = await setup();
    await client.lookupCard(an, staff);
    clock.advance(8 * 60_000 + 59_000);
    sim.clock.advance(8 * 60_000 + 59_000);
    await client.lookupCard({ ...an, maThe: '0123456789' }, staff);
    expect(sim.stats().login).toBe(1);
    clock.advance(2_000);
    sim.clock.advance(2_000);
    await client.lookupCard(an, staff);
    expect(sim.stats().login).toBe(2);
  });

  it('after the gateway expires the token (401), logs in again and retries once', async () => {
    const { sim, client } = await setup();
    await client.lookupCard(an, staff);
    sim.clock.advance(11 * 60_000); // the desk's clock does not know: the gateway has moved on
    const result = await client.lookupCard({ ...an, maThe: '0123456789' }, staff);
    expect(result.code).toBe('000');
    expect(sim.stats()).toMatchObject({ login: 2, 'card-check': 3 });
  });

  it.each([401, 200] as const)('reads maKetQua 401 sent with HTTP %i as an expired token', async (status) => {
    const { sim, client } = await setup({ sim: { unauthorizedStatus: status } });
    await client.token();
    sim.clock.advance(11 * 60_000);
    expect((await client.lookupCard(an, staff)).code).toBe('000');
    expect(sim.stats().login).toBe(2);
  });

  it('a token used from another address is refused; the client logs in from its own and goes on', async () => {
    const { sim } = await setup();
    const shared = new TokenCache(fixedClock(AT));
    const options = { baseUrl: sim.url, account: DEMO_CREDENTIALS, clock: fixedClock(AT), tokenCache: shared, lookupLimits: false as const };
    const here = new GatewayClient(options);
    const there = new GatewayClient({ ...options, localAddress: '127.0.0.2' });
    cleanups.push(() => here.close(), () => there.close());
    await here.lookupCard(an, staff);
    expect((await there.lookupCard(an, staff)).code).toBe('000');
    expect(sim.stats()).toMatchObject({ login: 2, 'card-check': 3 });
  });

  it('ends in an auth error when even a fresh token is refused, after exactly one retry', async () => {
    const { sim, client } = await setup({ sim: { tokenTtlMs: 0 } });
    const error = await errorOf(client.lookupCard(an, staff));
    expect(error.code).toBe('auth');
    expect(sim.stats()).toMatchObject({ login: 2, 'card-check': 2 });
  });
});

describe('card check: every result code, read for the front desk', () => {
  let sim: GatewaySim;
  let client: GatewayClient;
  beforeAll(async () => {
    sim = await startGatewaySim({ clock: fixedClock(AT) });
    client = new GatewayClient({ baseUrl: sim.url, account: DEMO_CREDENTIALS, clock: fixedClock(AT), lookupLimits: false });
    return async () => {
      client.close();
      await sim.close();
    };
  });

  it.each([
    ['an', '001090012345', 'Nguyễn Văn An', '15/03/1990', '000', 'eligible'],
    ['thao-dau-thanh', '031185007890', 'Lữ Hoàng Phước Thảo Ngọc', '07/07/1985', '000', 'eligible'],
    ['binh-the-moi', '001185004521', 'Trần Thị Bình', '22/07/1985', '004', 'eligible-new-card'],
    ['cuong-doi-the', '079095003456', 'Lê Văn Cường', '09/11/1995', '003', 'eligible-new-card'],
    ['dung-quan-doi', '038087004567', 'Hoàng Văn Dũng', '02/09/1987', '001', 'verify-paper-card'],
    ['giang-cong-an', '036192005678', 'Đỗ Thị Giang', '14/02/1992', '002', 'verify-paper-card'],
    ['hung-het-han', '001058006789', 'Vũ Mạnh Hùng', '30/04/1958', '010', 'not-eligible'],
    ['khanh-thu-hoi', '031088007890', 'Bùi Quốc Khánh', '02/09/1988', '110', 'not-eligible'],
    ['lien-bao-giam', '001193008901', 'Phan Thị Liên', '08/03/1993', '120', 'not-eligible'],
    ['minh-giam-ngoai-tinh', '001091009012', 'Ngô Đức Minh', '17/10/1991', '121', 'not-eligible'],
    ['nga-giam-noi-tinh', '001194000123', 'Đinh Thị Nga', '25/12/1994', '122', 'not-eligible'],
    ['phuc-tang-lai', '001089001357', 'Lý Hoàng Phúc', '03/05/1989', '123', 'not-eligible'],
    ['quang-ngung-tham-gia', '001086002468', 'Trịnh Văn Quang', '19/08/1986', '124', 'not-eligible'],
    ['tam-tre-em-chua-the', '001224003579', 'Nguyễn Minh Tâm', '05/06/2024', '130', 'child-no-card'],
    ['sang-loi-so-the', '001080004680', 'Đặng Văn Sáng', '11/11/1980', '100', 'technical'],
    ['thu-loi-server', '001187005791', 'Mai Thị Thu', '21/01/1987', '101', 'technical'],
    ['uyen-loi-may-chu', '001196006802', 'Hồ Thị Uyên', '30/06/1996', '500', 'technical'],
    ['tu-chi-nam-sinh', '001045007913', 'Lý Văn Tư', '1945', '000', 'eligible'],
    ['vy-khong-the', '001198008024', 'Kiều Thị Vy', '12/12/1998', '050', 'not-eligible'],
  ])('%s (CCCD %s) → %s… code %s, %s', async (_persona, maThe, hoTen, ngaySinh, code, status) => {
    const result = await client.lookupCard({ maThe, hoTen, ngaySinh }, staff);
    expect({ code: result.code, status: result.status, known: result.known }).toEqual({ code, status, known: true });
  });

  it.each([
    ['a name differing from the first letter', { hoTen: 'Trần Văn An' }, '060'],
    ['a name right in its first letter only', { hoTen: 'Nguyễn Văn Ân' }, '061'],
    ['a wrong date of birth', { ngaySinh: '16/03/1990' }, '070'],
    ['a BHYT code with the wrong group', { maThe: 'ZZ4010123456789' }, '051'],
    ['a BHYT code with the wrong province', { maThe: 'DN4020123456789' }, '052'],
    ['a BHYT code with the wrong benefit level', { maThe: 'DN3010123456789' }, '053'],
  ])('%s needs correction (%s → %s)', async (_what, change, code) => {
    const result = await client.lookupCard({ ...an, ...change }, staff);
    expect({ code: result.code, status: result.status }).toEqual({ code, status: 'needs-correction' });
  });

  it.each([
    ['not registered', { fullName: 'Phạm Thị Hoa', idNumber: '001190000002' }, '054'],
    ['whose name does not match the ID', { fullName: 'Phạm Thị Hòa', idNumber: '001190000001' }, '055'],
  ])('staff %s make a configuration problem (%s)', async (_what, otherStaff, code) => {
    const result = await client.lookupCard(an, otherStaff);
    expect({ code: result.code, status: result.status, card: result.card }).toEqual({ code, status: 'configuration', card: null });
  });

  it('covers every code of the reference table between these cases, 205 (sim tests) and 401 (login tests)', () => {
    const covered = ['000', '004', '003', '001', '002', '010', '110', '120', '121', '122', '123', '124', '130', '100', '101', '500', '050'];
    covered.push('060', '061', '070', '051', '052', '053', '054', '055', '205', '401');
    expect(new Set(covered)).toEqual(new Set(RESULT_CODES.keys()));
  });

  it('decodes the card of persona an: DN4 → level 4, 80 %, registered at 01001, valid through 2026', async () => {
    const result = await client.lookupCard(an, staff);
    expect(result.card).toEqual({
      maThe: 'DN4010123456789',
      maSoBHXH: '0123456789',
      group: 'DN',
      benefitLevel: 4,
      coveragePercent: 80,
      provinceCode: '01',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      validity: 'valid',
      maDKBD: '01001',
      cqBHXH: 'BHXH quận Thanh Xuân',
      maKV: null,
      fiveYearsFrom: '2021-01-01',
    });
    expect(result.raw).toMatchObject({ maKetQua: '000', maThe: 'DN4010123456789', dsLichSuKCB2018: null });
  });

  it('finds the same card by CCCD, by BHXH number and by BHYT code, sent as JSON or form fields', async () => {
    const formClient = new GatewayClient({ baseUrl: sim.url, account: DEMO_CREDENTIALS, clock: fixedClock(AT), lookupLimits: false, cardCheckEncoding: 'form' });
    cleanups.push(() => formClient.close());
    for (const maThe of ['001090012345', '0123456789', 'DN4010123456789', 'dn4 01 0123456789']) {
      expect((await client.lookupCard({ ...an, maThe }, staff)).card?.maThe).toBe('DN4010123456789');
      expect((await formClient.lookupCard({ ...an, maThe }, staff)).card?.maThe).toBe('DN4010123456789');
    }
  });

  it('for 003 checks the new card once, and reports eligibility on it', async () => {
    const before = sim.stats()['card-check'];
    const result = await client.lookupCard({ maThe: 'SV4797902034567', hoTen: 'Lê Văn Cường', ngaySinh: '09/11/1995' }, staff);
    expect(sim.stats()['card-check'] - before).toBe(2);
    expect(result).toMatchObject({ code: '003', status: 'eligible-new-card', card: { maThe: 'SV4797902034567', validity: 'expired' } });
    expect(result.newCard).toMatchObject({ maThe: 'DN4797902034567', validFrom: '2026-01-01', validTo: '2026-12-31', coveragePercent: 80 });
    expect(result.followUp).toMatchObject({ code: '000', status: 'eligible', card: { maThe: 'DN4797902034567', maDKBD: '01001' } });
  });

  it('for 004 shows the new card beside the old one, which stays valid', async () => {
    const result = await client.lookupCard({ maThe: '001185004521', hoTen: 'Trần Thị Bình', ngaySinh: '22/07/1985' }, staff);
    expect(result.card).toMatchObject({ maThe: 'HG4010102345678', validity: 'valid' });
    expect(result.newCard).toMatchObject({ maThe: 'DN4010102345678', validFrom: '2026-03-01', validTo: '2027-02-28' });
  });

  it('for 070 offers the gateway’s own date to staff, without checking again with it', async () => {
    const before = sim.stats()['card-check'];
    const result = await client.lookupCard({ ...an, ngaySinh: '16/03/1990' }, staff);
    expect(result.correction).toEqual({ field: 'ngaySinh', sent: '16/03/1990', gatewayValue: '15/03/1990' });
    expect(sim.stats()['card-check'] - before).toBe(1);
    const yearOnly = await client.lookupCard({ maThe: '001045007913', hoTen: 'Lý Văn Tư', ngaySinh: '01/01/1945' }, staff);
    expect(yearOnly.correction).toEqual({ field: 'ngaySinh', sent: '01/01/1945', gatewayValue: '1945' });
  });

  it('for 060/061 offers the name the gateway holds', async () => {
    const result = await client.lookupCard({ ...an, hoTen: 'NGUYỄN VĂN ÂN' }, staff);
    expect(result.code).toBe('061');
    expect(result.correction).toEqual({ field: 'hoTen', sent: 'NGUYỄN VĂN ÂN', gatewayValue: 'Nguyễn Văn An' });
  });

  it('accepts the name in capitals, as the appendix writes it', async () => {
    expect((await client.lookupCard({ ...an, hoTen: 'NGUYỄN  VĂN AN' }, staff)).code).toBe('000');
  });

  it('refuses malformed input before sending anything', async () => {
    const before = sim.stats()['card-check'];
    const error = await errorOf(client.lookupCard({ maThe: '12345', hoTen: ' ', ngaySinh: '1990-03-15' }, { fullName: 'Phạm Thị Hoa', idNumber: '1' }));
    expect(error.code).toBe('bad-input');
    expect(error.details.problems?.map((problem) => problem.field)).toEqual(['maThe', 'hoTen', 'ngaySinh', 'cccdCb']);
    expect(sim.stats()['card-check']).toBe(before);
  });
});

describe('logging', () => {
  it('logs codes and timings, never names, ID numbers, birth dates, card codes or secrets', async () => {
    const { logger, lines } = await memoryLogger();
    const { client } = await setup({ client: { logger } });
    await client.lookupCard(an, staff);
    await client.lookupCard({ ...an, ngaySinh: '16/03/1990' }, staff);
    await client.history(an, staff);
    const token = await client.token();
    const text = lines.join('\n');
    expect(lines.some((line) => line.includes('"event":"card-check"') && line.includes('"code":"000"'))).toBe(true);
    for (const secret of ['Nguyễn', 'Phạm', '001090012345', '001190000001', '15/03/1990', 'DN4010123456789', '0123456789', token.accessToken, token.idToken, '2372DA3E']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('visit history (Lskcb2025)', () => {
  it('lists the visits of persona an, form-encoded', async () => {
    const { client } = await setup();
    const history = await client.history(an, staff);
    expect(history.code).toBe('000');
    expect(history.visits).toEqual([
      {
        maHoSo: '01001.2025.000123',
        maCSKCB: '01001',
        admittedAt: '2025-11-10T08:15',
        dischargedAt: '2025-11-10T10:30',
        tenBenh: 'Viêm họng cấp',
        tinhTrang: '1',
        kqDieuTri: '1',
        lyDoVV: '1',
      },
      expect.objectContaining({ maCSKCB: '01009', admittedAt: '2024-06-03T14:00' }),
    ]);
  });

  it('answers 050 with no visits for someone without a card', async () => {
    const { client } = await setup();
    const history = await client.history({ maThe: '001198008024', hoTen: 'Kiều Thị Vy', ngaySinh: '12/12/1998' }, staff);
    expect({ code: history.code, found: history.found, visits: history.visits }).toEqual({ code: '050', found: false, visits: [] });
  });
});

describe('check-in submission (the QĐ 4750 table, sent to the QĐ 3176 path by default)', () => {
  let credential: FacilityCredential;
  beforeAll(() => {
    credential = loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'tiepdon-demo');
  });

  const visit: CheckInVisit = {
    visitKey: '01001-20260315-A015',
    patientId: 'BN000123',
    fullName: 'Nguyễn Văn An',
    documentNumber: '001090012345',
    dateOfBirth: '15/03/1990',
    sex: 'male',
    card: { maThe: 'DN4010123456789', maDKBD: '01001', validFrom: '2026-01-01', validTo: '2026-12-31' },
    entryCategory: '1.1',
    arrivedAt: new Date(AT),
    facilityCode: '01001',
    service: { code: '02.1896', name: 'Khám Nội' },
  };

  it('is accepted with a transaction code; the simulator verified the signature and decoded every field', async () => {
    const { sim, client } = await setup();
    const record = checkInRecordOf(visit);
    const receipt = await client.submitCheckIn(signedCheckInXml([record], credential, new Date(AT)));
    expect(receipt).toMatchObject({
      maGiaoDich: '0100120260315083000000001',
      thoiGianTiepNhan: '20260315083000',
      receivedAt: '2026-03-15T01:30:00.000Z',
      message: 'Tiếp nhận thành công',
    });
    const received = (await (await fetch(`${sim.url}/__sim/checkins`)).json()) as Array<{ maGiaoDich: string; records: unknown[]; maCSKCB: string; maTinh: string }>;
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/api/qd130/checkInKcbQd3176', maGiaoDich: receipt.maGiaoDich, maCSKCB: '01001', maTinh: '01' });
    expect(received[0]!.records).toEqual([fieldValuesOf(record)]);
  });

  it('goes to the …Qd4750 path when the facility selects it', async () => {
    const { sim, client } = await setup({ client: { paths: { checkIn: CHECKIN_PATHS.qd4750 } } });
    await client.submitCheckIn(signedCheckInXml([checkInRecordOf(visit)], credential, new Date(AT)));
    expect(sim.checkIns().map((checkIn) => checkIn.path)).toEqual(['/api/qd130/checkInKcbQd4750']);
  });

  it('a signed file changed afterwards is refused (205) and not recorded', async () => {
    const { sim, client } = await setup();
    const signed = signedCheckInXml([checkInRecordOf(visit)], credential, new Date(AT));
    const tampered = signed.replace('<MA_DOITUONG_KCB>1.1</MA_DOITUONG_KCB>', '<MA_DOITUONG_KCB>1.2</MA_DOITUONG_KCB>');
    expect(tampered).not.toBe(signed);
    const error = await errorOf(client.submitCheckIn(tampered));
    expect(error.code).toBe('gateway');
    expect(error.details).toMatchObject({ maKetQua: '205', gatewayMessage: 'Chữ ký số không hợp lệ' });
    expect(error.retryable).toBe(false);
    expect(sim.checkIns()).toEqual([]);
    expect(sim.rejectedCheckIns()).toHaveLength(1);
  });

  it('an unsigned file is refused', async () => {
    const { client } = await setup();
    const error = await errorOf(client.submitCheckIn(buildCheckInXml([checkInRecordOf(visit)])));
    expect(error.details).toMatchObject({ maKetQua: '205', gatewayMessage: 'Cần đúng một chữ ký số' });
  });

  it('a file for another facility is refused', async () => {
    const { client } = await setup();
    const signed = signedCheckInXml([checkInRecordOf({ ...visit, facilityCode: '01002' })], credential, new Date(AT));
    expect((await errorOf(client.submitCheckIn(signed))).details.maKetQua).toBe('205');
  });
});

describe('faults end in typed errors', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
    return () => {
      process.off('unhandledRejection', onUnhandled);
      expect(unhandled).toEqual([]);
    };
  });

  it.each([
    ['a full outage', { down: true }, 'network'],
    ['random 500s', { failRate: 1 }, 'gateway'],
    ['malformed JSON', { malformedRate: 1 }, 'bad-response'],
    ['requests never answered', { timeoutRate: 1 }, 'timeout'],
    ['latency beyond the total limit', { latencyMs: 2_000 }, 'timeout'],
  ] as const)('%s → %s', async (_what, faults, code) => {
    const { sim, client } = await setup({ client: { timeouts: { connectMs: 1_000, totalMs: 400 } } });
    await client.token();
    const response = await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ ...faults, routes: ['card-check'] }) });
    expect(response.status).toBe(200);
    const error = await errorOf(client.lookupCard(an, staff));
    expect(error.code).toBe(code);
    if (code === 'timeout') expect(error.details.phase).toBe('total');
    if (code === 'gateway') expect(error.details.httpStatus).toBe(500);
    await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ down: false, failRate: 0, malformedRate: 0, timeoutRate: 0, latencyMs: 0 }) });
    expect((await client.lookupCard(an, staff)).code).toBe('000');
  });

  it('a fault at login ends the lookup with the login’s error', async () => {
    const { client } = await setup({ sim: { faults: { failRate: 1, routes: ['login'] } } });
    expect((await errorOf(client.lookupCard(an, staff))).details.httpStatus).toBe(500);
  });

  it('a check-in during an outage is a network error the outbox can retry', async () => {
    const { sim, client } = await setup();
    await client.token();
    sim.setFaults({ down: true });
    const credential = loadFacilityCredential(readFileSync(fixturePaths.facilityP12), 'tiepdon-demo');
    const signed = signedCheckInXml([checkInRecordOf({ visitKey: 'V1', patientId: 'P1', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990', sex: 'male', arrivedAt: new Date(AT), facilityCode: '01001', service: { code: '02.1896', name: 'Khám Nội' } })], credential, new Date(AT));
    const error = await errorOf(client.submitCheckIn(signed));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'network', retryable: true });
  });

  it('a gateway that is not there at all → network', async () => {
    const { sim, client } = await setup();
    await sim.close();
    expect((await errorOf(client.lookupCard(an, staff))).code).toBe('network');
  });

  it('the caller can cancel a slow lookup', async () => {
    const { client } = await setup({ sim: { faults: { latencyMs: 5_000, routes: ['card-check'] } } });
    await client.token();
    const controller = new AbortController();
    const pending = client.lookupCard(an, staff, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await errorOf(pending)).code).toBe('aborted');
  });
});
