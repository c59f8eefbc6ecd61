import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../util/clock';
import { fixturePaths } from '../../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../../dev/gateway-sim/server';
import { tempDir } from '../../dev/testing/fakes';
import type { CliIo } from '../io';
import { setupCommand } from './setup';

const clock = fixedClock('2026-03-15T01:30:00.000Z');
let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ clock });
});
afterAll(() => sim.close());

async function setup(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = await setupCommand([...args, '--json'], io, clock);
  return { code, json: () => JSON.parse(out.join('\n')), err: err.join('\n') };
}

const full = (dir: string, gateway = sim.url) => [
  '--data-dir', dir, '--facility', '01001', '--facility-name', 'Bệnh viện Demo Tiếp đón', '--gateway', gateway, '--username', '01001_BV',
  '--password', 'tiepdon-demo', '--cert', fixturePaths.facilityP12, '--cert-password', 'tiepdon-demo', '--staff', 'Phạm Thị Hoa:001190000001',
  '--staff', 'Lê Minh Tuấn:079088000002', '--station', 'K1', '--kiosk-operator', '079088000002',
];

describe('tiepdon setup', () => {
  it('sets a production installation up and tests the connection as the first operator', async () => {
    const dir = tempDir();
    const result = await setup(...full(dir), '--admin-pin', '97531', '--test-connection');
    expect(result.code, result.err).toBe(0);
    expect(result.json()).toMatchObject({
      dataDir: dir,
      mode: 'production',
      facility: { code: '01001', name: 'Bệnh viện Demo Tiếp đón' },
      station: 'K1',
      operators: [{ fullName: 'Phạm Thị Hoa', idNumber: '001190000001' }, { fullName: 'Lê Minh Tuấn', idNumber: '079088000002' }],
      certificate: { subject: expect.stringContaining('01001'), notAfter: '2035-12-31T23:59:59.000Z' },
      connection: { ok: true },
    });
    // Secrets sealed, nothing of them in the settings file.
    const settingsFile = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(settingsFile).not.toContain('tiepdon-demo');
    expect(existsSync(join(dir, 'secrets.sealed'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'installation.json'), 'utf8'))).toMatchObject({ mode: 'production' });
  });

  it('re-running changes only what it is given; with an administrator PIN set, it must be given', async () => {
    const dir = tempDir();
    expect((await setup(...full(dir), '--admin-pin', '97531')).code).toBe(0);
    const refused = await setup('--data-dir', dir, '--station', 'B');
    expect(refused.code).toBe(2);
    expect(refused.json()).toMatchObject({ error: { code: 'admin-pin-required', field: 'adminPin' } });
    const changed = await setup('--data-dir', dir, '--station', 'B', '--admin-pin', '97531');
    expect(changed.code).toBe(0);
    expect(changed.json()).toMatchObject({ station: 'B', facility: { code: '01001' }, operators: [{ idNumber: '001190000001' }, { idNumber: '079088000002' }] });
  });

  it.each([
    ['a facility code of 4 digits', ['--facility', '1001'], 'facility.code'],
    ['a username of another facility', ['--username', '79001_BV'], 'gateway.username'],
    ['a CCCD of 11 digits', ['--staff', 'Phạm Thị Hoa:00119000000'], 'operators.0.idNumber'],
    ['a kiosk operator not on the roster', ['--kiosk-operator', '001190000009'], 'kiosk.operatorId'],
    ['a station code in lower case', ['--station', 'k1'], 'stationCode'],
    ['a wrong certificate password', ['--cert-password', 'wrong'], 'certificate'],
  ])('refuses %s with exit 2 and the field, writing nothing', async (_what, change, field) => {
    const dir = tempDir();
    const args = full(dir);
    for (let at = 0; at < change.length; at += 2) args[args.indexOf(change[at]!) + 1] = change[at + 1]!;
    const result = await setup(...args);
    expect(result.code).toBe(2);
    expect(result.json().error.field).toBe(field);
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });

  it('says what the connection test found: an unregistered first operator is 054, exit 1', async () => {
    const dir = tempDir();
    const args = full(dir).map((arg) => (arg === 'Phạm Thị Hoa:001190000001' ? 'Nguyễn Văn Chưa:001190000009' : arg));
    const result = await setup(...args, '--test-connection');
    expect(result.code).toBe(1);
    expect(result.json().connection).toMatchObject({ ok: false, code: '054', message: expect.stringContaining('054') });
  });

  it('--demo makes a demo installation without any account', async () => {
    const dir = tempDir();
    const result = await setup('--data-dir', dir, '--demo');
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ mode: 'demo', demoDataDir: join(dir, 'demo') });
  });
});
