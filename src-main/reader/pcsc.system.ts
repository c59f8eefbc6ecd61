// System tests through a real pcscd with vsmartcard-vpcd: the simulator's cards appear in "Virtual PCD 00
// 00" / "00 01" exactly as a real card in a contactless reader would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChip } from '../card/read/chip-reader';
import type { ReaderEvent } from '../contract';
import { loadChipImage } from '../dev/simulator/personas/registry';
import { serveSimulatedCard, tiepdonProcess } from '../dev/testing/cli-process';
import { Pcscd, waitFor } from '../dev/testing/pcscd';
import { PcscReaderManager } from './pcsc-reader-manager';

const READER_0 = 'Virtual PCD 00 00';
const READER_1 = 'Virtual PCD 00 01';
const now = new Date('2026-03-01T08:00:00Z');
const pcscd = new Pcscd();

const tiepdon = tiepdonProcess;

async function run(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = tiepdon(args);
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout };
}

async function readers(): Promise<{ name: string; cardPresent: boolean; atr: string | null }[]> {
  return JSON.parse((await run(['readers', '--json'])).stdout);
}

/** A simulated card in its own process, as in production (see dev/testing/cli-process.ts). */
const serve = serveSimulatedCard;

async function cardState(manager: PcscReaderManager, reader: string): Promise<boolean> {
  return (await manager.list()).readers.some((r) => r.name === reader && r.cardPresent);
}

beforeAll(() => pcscd.takeOver());
afterAll(() => pcscd.stop());

describe('simulated cards through pcscd', () => {
  it('`sim serve --persona an` shows a card in Virtual PCD 00 00; stopping the bridge removes it', async () => {
    const server = tiepdon(['sim', 'serve', '--persona', 'an', '--port', '35963']);
    try {
      await waitFor(async () => (await readers()).find((r) => r.name === READER_0)?.cardPresent === true, 15_000, 'the card to appear');
      const listed = (await readers()).find((r) => r.name === READER_0)!;
      expect(listed.atr).toBe(loadChipImage('an').atr);
    } finally {
      const exited = new Promise((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    await waitFor(async () => (await readers()).find((r) => r.name === READER_0)?.cardPresent === false, 15_000, 'the card to go');
  });

  it('`card read` through PC/SC gives the same holder as the in-process read; BAC card in the second reader', async () => {
    const a = serve('an', 35963);
    const b = serve('an-bac', 35964);
    try {
      await waitFor(async () => (await readers()).filter((r) => r.cardPresent).length === 2, 15_000, 'both cards');
      const viaPcsc = JSON.parse((await run(['card', 'read', '--reader', READER_0, '--can', '012345', '--json', '--no-photo'])).stdout);
      const inProcess = JSON.parse((await run(['card', 'read', '--reader', 'sim:an', '--can', '012345', '--json', '--no-photo'])).stdout);
      expect(viaPcsc.access).toBe('PACE');
      expect(viaPcsc.holder).toEqual(inProcess.holder);
      expect(viaPcsc.holder.fullName).toBe('Nguyễn Văn An');
      const bac = JSON.parse((await run(['card', 'read', '--reader', READER_1, '--mrz-key', '090012345:900315:500315', '--json', '--no-photo'])).stdout);
      expect(bac.access).toBe('BAC');
      expect(bac.holder).toEqual(inProcess.holder);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('reads two cards in two readers at the same time', async () => {
    const manager = new PcscReaderManager();
    const a = serve('an', 35963);
    const b = serve('chau-tre-em', 35964);
    try {
      await waitFor(async () => (await cardState(manager, READER_0)) && (await cardState(manager, READER_1)), 15_000, 'both cards');
      const readIn = async (reader: string, can: string) => {
        const connection = await manager.connect(reader);
        try {
          return await readChip(connection, { access: { kind: 'can', can }, now, photo: false });
        } finally {
          await connection.close();
        }
      };
      const [first, second] = await Promise.all([readIn(READER_0, '012345'), readIn(READER_1, '004567')]);
      expect(first.holder?.fullName).toBe('Nguyễn Văn An');
      expect(second.holder?.fullName).toBe('Phạm Ngọc Châu');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('a card removed mid-read gives a typed error, and the next read works', async () => {
    const manager = new PcscReaderManager();
    let bridge = serve('an', 35963);
    try {
      await waitFor(() => cardState(manager, READER_0), 15_000, 'the card');
      const connection = await manager.connect(READER_0);
      let sent = 0;
      const pulling = {
        transmit: async (apdu: Uint8Array) => {
          sent += 1;
          if (sent === 12) await bridge.stop();
          return connection.transmit(apdu);
        },
      };
      await expect(readChip(pulling, { access: { kind: 'can', can: '012345' }, now })).rejects.toMatchObject({ name: 'CardError', code: 'card-removed' });
      await connection.close();

      bridge = serve('an', 35963);
      await waitFor(() => cardState(manager, READER_0), 15_000, 'the card again');
      const again = await manager.connect(READER_0);
      try {
        expect((await readChip(again, { access: { kind: 'can', can: '012345' }, now, photo: false })).holder?.fullName).toBe('Nguyễn Văn An');
      } finally {
        await again.close();
      }
    } finally {
      await bridge.stop();
    }
  });

  it('recovers when pcscd restarts, without a new manager', async () => {
    const manager = new PcscReaderManager({ pollMs: 200, backoffMs: { initial: 100, max: 1000 } });
    const events: ReaderEvent[] = [];
    const stopWatching = manager.watch((event) => events.push(event));
    const bridge = serve('an', 35963);
    try {
      await waitFor(() => cardState(manager, READER_0), 15_000, 'the card');
      await pcscd.stop();
      await waitFor(async () => (await manager.list()).service === 'service-unavailable', 15_000, 'the manager to see the service gone');
      expect(events).toContainEqual({ type: 'service-changed', service: 'service-unavailable' });
      await pcscd.start();
      await waitFor(() => cardState(manager, READER_0), 20_000, 'the card after the restart');
      expect(events).toContainEqual({ type: 'service-changed', service: 'ok' });
      const connection = await manager.connect(READER_0);
      try {
        expect((await readChip(connection, { access: { kind: 'can', can: '012345' }, now, photo: false })).holder?.idNumber).toBe('001090012345');
      } finally {
        await connection.close();
      }
    } finally {
      stopWatching();
      await manager.stop();
      await bridge.stop();
    }
  });
});

describe('hostile cards through pcscd give the same outcomes as in process', () => {
  const cases: { persona: string; can: string; expect: { verdict?: string; error?: string }; extra?: string[] }[] = [
    { persona: 'clone-after-ca', can: '012345', expect: { verdict: 'clone-suspected' } },
    { persona: 'clone-hidden-groups', can: '012345', expect: { verdict: 'clone-suspected' } },
    { persona: 'endless-6c', can: '003333', expect: { error: 'card-error' } },
    { persona: 'giant-file', can: '004444', expect: { error: 'malformed-data' } },
    // A 1 s APDU limit instead of 5 s keeps the suite quick; the default is tested in card/apdu.
    { persona: 'slow-chip', can: '005555', expect: { error: 'card-timeout' }, extra: ['--apdu-timeout-ms', '1000'] },
  ];
  it.each(cases)('$persona → $expect', async ({ persona, can, expect: outcome, extra }) => {
    const bridge = serve(persona, 35963);
    try {
      await waitFor(async () => (await readers()).find((r) => r.name === READER_0)?.cardPresent === true, 15_000, 'the card');
      const { stdout } = await run(['card', 'read', '--reader', READER_0, '--can', can, '--trust', 'fixtures/pki/test-csca.pem', '--json', ...(extra ?? [])]);
      const result = JSON.parse(stdout);
      if (outcome.verdict) expect(result.verification.verdict).toBe(outcome.verdict);
      else expect(result.error.code).toBe(outcome.error);
    } finally {
      await bridge.stop();
    }
  });
});

describe('chips from other implementations read completely through pcscd', () => {
  it.each([
    ['plain-status', '006666', 1],
    ['unauthenticated-eof', '007777', 1],
    ['needs-reselect', '008888', 0],
  ] as const)('%s', async (persona, can, recoveries) => {
    const bridge = serve(persona, 35963);
    try {
      await waitFor(async () => (await readers()).find((r) => r.name === READER_0)?.cardPresent === true, 15_000, 'the card');
      const result = JSON.parse((await run(['card', 'read', '--reader', READER_0, '--can', can, '--trust', 'fixtures/pki/test-csca.pem', '--json'])).stdout);
      expect(result.verification.verdict).toBe('authentic');
      expect(result.photo).not.toBeNull();
      expect(result.stats.recoveries).toBe(recoveries);
    } finally {
      await bridge.stop();
    }
  });
});
