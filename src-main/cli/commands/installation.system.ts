// The command line on a set-up installation, through a real pcscd: `tiepdon setup`, then a check-in from
// the card in "Virtual PCD 00 00" as the installation's operator; the report reaches the gateway signed
// with the installation's certificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePaths } from '../../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../../dev/gateway-sim/server';
import { serveSimulatedCard } from '../../dev/testing/cli-process';
import { tempDir } from '../../dev/testing/fakes';
import { Pcscd, waitFor } from '../../dev/testing/pcscd';
import { listPcscReaders } from '../../../native/pcsc';
import type { CliIo } from '../io';
import { checkinCommand } from './checkin';
import { setupCommand } from './setup';

const pcscd = new Pcscd();
let sim: GatewaySim;
beforeAll(async () => {
  await pcscd.takeOver();
  sim = await startGatewaySim();
});
afterAll(async () => {
  await sim.close();
  await pcscd.stop();
});

async function run(command: (args: string[], io: CliIo) => Promise<number>, ...args: string[]) {
  const out: string[] = [];
  const code = await command(args, { out: (text) => out.push(text), err: () => undefined });
  return { code, json: () => JSON.parse(out.join('\n')) };
}

describe('the CLI on an installation, through pcscd', () => {
  it('setup, then checkin --data-dir from a PC/SC card: looked up as the operator, reported signed; a second time exits 3', async () => {
    const dir = tempDir();
    const setup = await run(setupCommand, '--data-dir', dir, '--facility', '01001', '--facility-name', 'Bệnh viện Demo Tiếp đón', '--gateway', sim.url,
      '--username', '01001_BV', '--password', 'tiepdon-demo', '--cert', fixturePaths.facilityP12, '--cert-password', 'tiepdon-demo',
      '--staff', 'Lê Minh Tuấn:079088000002', '--station', 'K1', '--json');
    expect(setup.code).toBe(0);
    const card = serveSimulatedCard('an', 35963);
    try {
      await waitFor(() => listPcscReaders().some((reader) => reader.name === 'Virtual PCD 00 00' && reader.cardPresent), 15_000, 'the card');
      const first = await run(checkinCommand, '--data-dir', dir, '--reader', 'Virtual PCD 00 00', '--can', '012345', '--json');
      expect(first.code).toBe(0);
      expect(first.json()).toMatchObject({ queueNumber: 'K1-001', eligibility: { status: 'eligible', code: '000' }, verification: { verdict: 'issuer-untrusted' }, report: 'sent' });
      expect(sim.lookups().at(-1)).toMatchObject({ hoTenCb: 'Lê Minh Tuấn', cccdCb: '079088000002', maKetQua: '000' });
      expect(sim.checkIns().map((received) => received.records[0]!.MA_LK)).toEqual([first.json().visitId]);
      expect(sim.rejectedCheckIns()).toEqual([]);

      const again = await run(checkinCommand, '--data-dir', dir, '--reader', 'Virtual PCD 00 00', '--can', '012345', '--json');
      expect(again.code).toBe(3);
      expect(again.json()).toEqual({ error: { code: 'already-checked-in', message: expect.any(String), visitId: first.json().visitId } });
      const repeat = await run(checkinCommand, '--data-dir', dir, '--reader', 'Virtual PCD 00 00', '--can', '012345', '--allow-repeat', '--json');
      expect(repeat.code).toBe(0);
      expect(repeat.json().queueNumber).toBe('K1-002');
    } finally {
      await card.stop();
    }
  });
});
