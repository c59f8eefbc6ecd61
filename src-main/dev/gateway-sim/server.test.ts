// The simulator's HTTP surface as the real gateway's clients see it, and its control endpoints.
import http from 'node:http';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../util/clock';
import { md5Upper } from '../../insurance/account';
import { DEMO_CREDENTIALS } from './accounts';
import { verifyCheckInFile } from './checkin-verify';
import { startGatewaySim, type GatewaySim, type GatewaySimOptions } from './server';
import { readFileSync } from 'node:fs';
import { fixturePaths } from './fixture-paths';

const AT = '2026-03-15T01:30:00.000Z';
const sims: GatewaySim[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

async function start(options: GatewaySimOptions = {}) {
  const sim = await startGatewaySim({ clock: fixedClock(AT), ...options });
  sims.push(sim);
  return sim;
}

/** A raw request, optionally from another loopback address. */
function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress: init.localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function login(sim: GatewaySim, localAddress?: string) {
  const reply = await request(`${sim.url}/api/token/take`, { ...form({ username: '01001_BV', password: md5Upper('tiepdon-demo') }), ...(localAddress ? { localAddress } : {}) });
  return JSON.parse(reply.body) as { maKetQua: string; APIKey: { access_token: string; id_token: string; expires_in: string; token_type: string } };
}

function cardCheck(sim: GatewaySim, token: { access_token: string; id_token: string }, fields: Record<string, string>, localAddress?: string) {
  const query = new URLSearchParams({ token: token.access_token, id_token: token.id_token, username: '01001_BV', password: md5Upper('tiepdon-demo') });
  return request(`${sim.url}/api/egw/KQNhanLichSuKCB2024?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fields),
    ...(localAddress ? { localAddress } : {}),
  });
}

const an = { maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990', hoTenCb: 'Phạm Thị Hoa', cccdCb: '001190000001' };

describe('the simulated gateway', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect((await start()).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('logs in 01001_BV with the MD5 of tiepdon-demo and answers like the real one', async () => {
    const reply = await login(await start());
    expect(reply.maKetQua).toBe('200');
    expect(reply.APIKey).toMatchObject({ token_type: 'Bearer', expires_in: '2026-03-15T01:40:00.0000000Z' });
  });

  it('refuses a wrong password, or the password in clear, with 401', async () => {
    const sim = await start();
    for (const password of [md5Upper('wrong'), DEMO_CREDENTIALS.password]) {
      const reply = await request(`${sim.url}/api/token/take`, form({ username: '01001_BV', password }));
      expect({ status: reply.status, body: JSON.parse(reply.body) }).toEqual({ status: 401, body: { maKetQua: '401', ghiChu: 'Lỗi xác thực tài khoản' } });
    }
  });

  it('binds the token to the caller’s address', async () => {
    const sim = await start();
    const token = (await login(sim)).APIKey;
    expect(JSON.parse((await cardCheck(sim, token, an)).body).maKetQua).toBe('000');
    expect((await cardCheck(sim, token, an, '127.0.0.2')).status).toBe(401);
  });

  it('expires the token after 10 minutes', async () => {
    const sim = await start();
    const token = (await login(sim)).APIKey;
    sim.clock.advance(10 * 60_000 - 1);
    expect((await cardCheck(sim, token, an)).status).toBe(200);
    sim.clock.advance(1);
    expect((await cardCheck(sim, token, an)).status).toBe(401);
  });

  it('answers 205 to a card check missing a field', async () => {
    const sim = await start();
    const token = (await login(sim)).APIKey;
    expect(JSON.parse((await cardCheck(sim, token, { ...an, hoTenCb: '' })).body)).toMatchObject({ maKetQua: '205', ghiChu: 'Lỗi sai định dạng tham số' });
  });

  it('refuses a JSON body for Lskcb2025, as the real one does', async () => {
    const sim = await start();
    const token = (await login(sim)).APIKey;
    const query = new URLSearchParams({ token: token.access_token, id_token: token.id_token, username: '01001_BV', password: md5Upper('tiepdon-demo') });
    const asJson = await request(`${sim.url}/api/egw/Lskcb2025?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(an) });
    expect(JSON.parse(asJson.body)).toMatchObject({ maKetQua: '205', dsLichSuKCB2025: null });
    const asForm = await request(`${sim.url}/api/egw/Lskcb2025?${query}`, form(an));
    expect(JSON.parse(asForm.body).dsLichSuKCB2025).toHaveLength(2);
  });

  it('refuses a check-in with a DOCTYPE, bad base64, or a wrong loaiHoSo', async () => {
    const sim = await start();
    const token = (await login(sim)).APIKey;
    const send = (fields: Record<string, string>) =>
      request(`${sim.url}/api/qd130/checkInKcbQd4750`, {
        ...form({ username: '01001_BV', loaiHoSo: '0', maTinh: '01', maCSKCB: '01001', ...fields }),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', accessToken: token.access_token, tokenId: token.id_token, passwordHash: md5Upper('tiepdon-demo') },
      });
    const xxe = Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CHI_TIEU_TRANG_THAI_KCB>&e;</CHI_TIEU_TRANG_THAI_KCB>').toString('base64');
    expect(JSON.parse((await send({ fileHSBase64: xxe })).body)).toMatchObject({ maKetQua: '205', thongDiep: 'Tệp XML không hợp lệ' });
    expect(JSON.parse((await send({ fileHSBase64: '%%%' })).body)).toMatchObject({ maKetQua: '205' });
    expect(JSON.parse((await send({ loaiHoSo: '1', fileHSBase64: 'AAAA' })).body)).toMatchObject({ maKetQua: '205', thongDiep: 'loaiHoSo phải là 0' });
    expect(sim.rejectedCheckIns()).toHaveLength(3);
  });

  it('takes faults at run time through POST /__sim/faults and refuses unknown ones', async () => {
    const sim = await start();
    const set = await request(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 10, failRate: 0.5 }) });
    expect(JSON.parse(set.body)).toEqual({ latencyMs: 10, failRate: 0.5, timeoutRate: 0, malformedRate: 0, down: false, routes: null });
    expect((await request(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ explode: true }) })).status).toBe(400);
    expect((await request(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ failRate: 2 }) })).status).toBe(400);
  });

  it('when down, resets API connections but still answers /__sim', async () => {
    const sim = await start({ faults: { down: true } });
    await expect(request(`${sim.url}/api/token/take`, form({ username: '01001_BV', password: 'x' }))).rejects.toThrow();
    expect((await request(`${sim.url}/__sim/stats`)).status).toBe(200);
  });

  it('moves its clock through /__sim/clock and forgets everything on /__sim/reset', async () => {
    const sim = await start();
    await login(sim);
    const moved = await request(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ now: '2026-06-01T00:00:00Z' }) });
    expect(JSON.parse(moved.body)).toEqual({ now: '2026-06-01T00:00:00.000Z' });
    expect(JSON.parse((await request(`${sim.url}/__sim/stats`)).body).login).toBe(1);
    await request(`${sim.url}/__sim/reset`, { method: 'POST' });
    expect(JSON.parse((await request(`${sim.url}/__sim/stats`)).body).login).toBe(0);
    expect(JSON.parse((await request(`${sim.url}/__sim/checkins`)).body)).toEqual([]);
  });

  it('answers unknown paths 404', async () => {
    expect((await request(`${(await start()).url}/api/egw/nope`, { method: 'POST' })).status).toBe(404);
  });
});

describe('the check-in verifier under fuzzing', () => {
  it('any fileHSBase64 is accepted or refused with a reason, never thrown', () => {
    const trusted = readFileSync(fixturePaths.facilityCertificate, 'utf8');
    const xmlish = fc.oneof(
      fc.string(),
      fc.string().map((text) => `<CHI_TIEU_TRANG_THAI_KCB>${text}</CHI_TIEU_TRANG_THAI_KCB>`),
      fc.constant('<CHI_TIEU_TRANG_THAI_KCB><DSACH_TRANG_THAI_KCB><TRANG_THAI_KCB/></DSACH_TRANG_THAI_KCB><CHUKYDONVI/></CHI_TIEU_TRANG_THAI_KCB>'),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), xmlish.map((xml) => Buffer.from(xml).toString('base64'))), (file) => {
        expect(verifyCheckInFile(file, trusted).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
