import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../util/clock';
import { startGatewaySim, type GatewaySim } from '../../dev/gateway-sim/server';
import type { CliIo } from '../io';
import { bhytCommand } from './bhyt';

const AT = '2026-03-15T01:30:00.000Z';

function bufferIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { io, out, err };
}

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ clock: fixedClock(AT) });
});
afterAll(() => sim.close());

const account = () => ['--gateway', sim.url, '--username', '01001_BV', '--password', 'tiepdon-demo', '--staff-name', 'Phạm Thị Hoa', '--staff-id', '001190000001'];
const an = ['--ma-the', '001090012345', '--ho-ten', 'Nguyễn Văn An', '--ngay-sinh', '15/03/1990'];

async function lookup(...args: string[]) {
  const { io, out, err } = bufferIo();
  const code = await bhytCommand(['lookup', ...account(), ...args], io, { clock: fixedClock(AT), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('tiepdon bhyt lookup', () => {
  it('persona an → 000 eligible, card DN4010123456789 at 80 %, with the raw reply', async () => {
    const { code, out } = await lookup(...an, '--json');
    expect(code).toBe(0);
    const printed = JSON.parse(out);
    expect(printed).toMatchObject({
      code: '000',
      status: 'eligible',
      card: { maThe: 'DN4010123456789', maSoBHXH: '0123456789', benefitLevel: 4, coveragePercent: 80, validFrom: '2026-01-01', validTo: '2026-12-31', maDKBD: '01001' },
      raw: { maKetQua: '000' },
    });
    expect(Object.keys(printed).slice(0, 4)).toEqual(['code', 'status', 'message', 'card']);
  });

  it('the same with "Nguyễn Văn Ân" → 061, to be corrected', async () => {
    const { code, out } = await lookup('--ma-the', '001090012345', '--ho-ten', 'Nguyễn Văn Ân', '--ngay-sinh', '15/03/1990', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ code: '061', status: 'needs-correction', correction: { field: 'hoTen', gatewayValue: 'Nguyễn Văn An' } });
  });

  it('prints a short human summary without --json', async () => {
    const { out } = await lookup(...an);
    expect(out).toContain('000 eligible');
    expect(out).toContain('DN4010123456789 (mức 4, 80%), 2026-01-01 → 2026-12-31 (valid), KCB ban đầu 01001');
  });

  it('takes the password from TIEPDON_GATEWAY_PASSWORD', async () => {
    const { io, out } = bufferIo();
    const args = account().filter((_, index, all) => all[index] !== '--password' && all[index - 1] !== '--password');
    expect(await bhytCommand(['lookup', ...args, ...an, '--json'], io, { clock: fixedClock(AT), env: { TIEPDON_GATEWAY_PASSWORD: 'tiepdon-demo' } })).toBe(0);
    expect(JSON.parse(out.join('')).code).toBe('000');
  });

  it('a wrong password exits 1 with the typed error', async () => {
    const { io, out, err } = bufferIo();
    const args = account().map((value) => (value === 'tiepdon-demo' ? 'wrong' : value));
    expect(await bhytCommand(['lookup', ...args, ...an, '--json'], io, { clock: fixedClock(AT), env: {} })).toBe(1);
    expect(JSON.parse(out.join('')).error.code).toBe('auth');
    expect(err.join('\n')).toContain('Cổng BHXH từ chối tài khoản');
  });

  it('missing options exit 2 naming them', async () => {
    const { io, err } = bufferIo();
    expect(await bhytCommand(['lookup', '--gateway', sim.url], io, { env: {} })).toBe(2);
    expect(err.join('')).toContain('Missing --username, --staff-name, --staff-id, --ma-the, --ho-ten, --ngay-sinh, --password');
  });

  it('history lists the visits', async () => {
    const { io, out } = bufferIo();
    expect(await bhytCommand(['history', ...account(), ...an, '--json'], io, { clock: fixedClock(AT), env: {} })).toBe(0);
    expect(JSON.parse(out.join('')).visits).toHaveLength(2);
  });

  it('runs as support staff run it: npm run -s tiepdon -- bhyt lookup …', async () => {
    // Asynchronously: the simulator answering it lives in this process.
    const result = await promisify(execFile)('npm', ['run', '-s', 'tiepdon', '--', 'bhyt', 'lookup', ...account(), ...an, '--json'], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(result.stdout)).toMatchObject({ code: '000', status: 'eligible', card: { maThe: 'DN4010123456789', coveragePercent: 80 } });
  });
});
