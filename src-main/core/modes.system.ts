// Production and demo on the real PC/SC path (pcscd + vsmartcard-vpcd): production trusts no test CSCA,
// so a card signed with the committed test DS key is `issuer-untrusted`; a demo offers no real reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadEvent, ReaderList } from '../contract';
import { openDemo } from '../demo/demo';
import { serveSimulatedCard } from '../dev/testing/cli-process';
import { tempDir } from '../dev/testing/fakes';
import { Pcscd, waitFor } from '../dev/testing/pcscd';
import { openAppSession, type AppSession } from './app-session';

const READER = 'Virtual PCD 00 00';
const pcscd = new Pcscd();

beforeAll(() => pcscd.takeOver());
afterAll(() => pcscd.stop());

async function readerNames(session: AppSession): Promise<string[]> {
  return ((await session.dispatch('readers.list', {})) as ReaderList).readers.map((reader) => reader.name);
}

/** The verdict of the read `start` begins, or the code it failed with. */
async function outcomeOf(session: AppSession, start: () => Promise<unknown>): Promise<string> {
  const verdict = new Promise<string>((resolve) => {
    const stop = session.subscribe((channel, payload) => {
      if (channel !== 'read.event') return;
      const event = payload as ReadEvent;
      if (event.type === 'verification') resolve(event.verification.verdict);
      if (event.type === 'failed') resolve(`failed:${event.error.code}`);
      if (event.type === 'verification' || event.type === 'failed') stop();
    });
  });
  await start();
  return verdict;
}

describe('modes through pcscd', () => {
  it('production: the PC/SC readers only, and a test-signed card is issuer-untrusted', async () => {
    const card = serveSimulatedCard('an', 35963);
    const session = await openAppSession({ host: 'web', root: tempDir(), loadDemo: openDemo });
    try {
      await waitFor(async () => ((await session.dispatch('readers.list', {})) as ReaderList).readers.some((r) => r.name === READER && r.cardPresent), 15_000, 'the card');
      expect(session.mode).toBe('production');
      expect((await readerNames(session)).some((name) => name.includes('Simulated'))).toBe(false);
      expect(await outcomeOf(session, () => session.dispatch('desk.read', { reader: READER, key: { kind: 'can', can: '012345' } }))).toBe('issuer-untrusted');
    } finally {
      await session.close();
      await card.stop();
    }
  });

  it('demo: the simulated reader only, although pcscd has readers; its cards are authentic under the test CSCAs', async () => {
    const session = await openAppSession({ host: 'web', root: tempDir(), demo: true, simDelays: false, loadDemo: openDemo });
    try {
      expect(session.demoGatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const names = await readerNames(session);
      expect(names).toEqual(['Tiếp đón Simulated Reader 0']);
      expect(await outcomeOf(session, () => session.dispatch('sim.tap', { personaId: 'an' }))).toBe('authentic');
      // Naming pcscd's reader does not reach it: the demo's reader port has no such reader.
      expect(await outcomeOf(session, () => session.dispatch('desk.read', { reader: READER, key: { kind: 'can', can: '012345' } }))).toMatch(/^failed:/);
    } finally {
      await session.close();
    }
  });
});
