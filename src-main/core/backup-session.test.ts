// Backup and restore in the app (the web host's session): Settings makes the file, offered once as a
// download; a new installation's first-run screen restores it from an upload and boots on it, and the
// report still queued on the old PC is sent from the new one.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, type EventChannel } from '../contract';
import { checkinCommand } from '../cli/commands/checkin';
import { setupCommand } from '../cli/commands/setup';
import { fixturePaths } from '../dev/gateway-sim/fixture-paths';
import { startGatewaySim, type GatewaySim } from '../dev/gateway-sim/server';
import { FakeReaderPort, tempDir } from '../dev/testing/fakes';
import { openAppSession } from './app-session';
import { fixedClock } from '../util/clock';

const clock = fixedClock('2026-03-15T01:30:00.000Z');
const passphrase = 'ngựa vằn ăn cỏ 2026';
const quiet = { out: () => undefined, err: () => undefined };

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ clock });
});
afterAll(() => sim.close());

const session = (root: string) => openAppSession({ host: 'web', root, clock, readers: new FakeReaderPort(), log: { level: 'silent' } });

async function refusal(call: Promise<unknown>): Promise<ContractError> {
  const error = await call.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

describe('backup and restore in the app', () => {
  it('Settings offers the backup once as a download; the first-run screen restores it and the queued report goes out', async () => {
    const old = tempDir();
    const setup = ['--data-dir', old, '--facility', '01001', '--facility-name', 'Bệnh viện Thử nghiệm', '--gateway', sim.url, '--username', '01001_BV', '--password', 'tiepdon-demo'];
    expect(await setupCommand([...setup, '--cert', fixturePaths.facilityP12, '--cert-password', 'tiepdon-demo', '--staff', 'Phạm Thị Hoa:001190000001', '--station', 'K1'], quiet, clock)).toBe(0);
    sim.setFaults({ down: true });
    const out: string[] = [];
    expect(await checkinCommand(['--data-dir', old, '--id', '001058006789', '--name', 'Vũ Mạnh Hùng', '--dob', '30/04/1958', '--json'], { out: (text) => out.push(text), err: () => undefined }, { clock, env: {} })).toBe(0);
    const { visitId } = JSON.parse(out.join('')) as { visitId: string };

    // The old PC, still offline, makes its backup before it is retired.
    const before = await session(old);
    const made = (await before.dispatch('backup.create', { passphrase })) as { downloadId: string; fileName: string; saved: boolean };
    expect(made).toEqual({ fileName: 'tiepdon-01001-K1-20260315-0830.tiepdon-backup', downloadId: expect.stringMatching(/^[0-9a-f]{32}$/), saved: false });
    const file = before.download(made.downloadId)!;
    expect(file.fileName).toBe(made.fileName);
    expect(before.download(made.downloadId)).toBeNull();
    await before.close();
    sim.setFaults({ down: false });

    const fresh = join(tempDir(), 'new-pc');
    const after = await session(fresh);
    const events: EventChannel[] = [];
    after.subscribe((channel) => events.push(channel));
    expect(await after.dispatch('app.info', {})).toMatchObject({ setupRequired: true });
    const uploadId = await after.upload('backup', file.bytes);
    const wrong = await refusal(after.dispatch('backup.restore', { uploadId, passphrase: 'not the passphrase' }));
    expect(wrong).toMatchObject({ code: 'bad-request', field: 'passphrase' });
    expect(events).not.toContain('app.restarted');

    expect(await after.dispatch('backup.restore', { uploadId, passphrase })).toEqual({ createdAt: '2026-03-15T01:30:00.000Z', mode: 'production' });
    expect(events).toContain('app.restarted');
    expect(await after.dispatch('app.info', {})).toMatchObject({ mode: 'production', setupRequired: false });
    expect(await after.dispatch('visits.today', { search: '' })).toMatchObject([{ visitId }]);
    await after.dispatch('sync.flush', {});
    expect(sim.checkIns().filter((received) => received.records[0]!.MA_LK === visitId)).toHaveLength(1);
    // A configured installation is never replaced from the app.
    const again = await refusal(after.dispatch('backup.restore', { uploadId: await after.upload('backup', file.bytes), passphrase }));
    expect(again.code).toBe('forbidden');
    await after.close();
  });
});
