// The transport's bounds: one re-issue per command on 6Cxx, a limit on each exchange and on the whole read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromHex, toHex } from '../../util/bytes';
import { ApduTransport, DEFAULT_APDU_TIMEOUT_MS } from './transport';

const READ = { cla: 0x00, ins: 0xb0, p1: 0x9e, p2: 0, ne: 256 };

function scripted(...answers: string[]) {
  const sent: string[] = [];
  return {
    sent,
    channel: {
      transmit: async (apdu: Uint8Array) => {
        sent.push(toHex(apdu));
        return fromHex(answers[Math.min(sent.length - 1, answers.length - 1)]!);
      },
    },
  };
}

const silent = { transmit: () => new Promise<Uint8Array>(() => undefined) };

afterEach(() => vi.useRealTimers());

describe('ApduTransport', () => {
  it('asks again once with the length a 6Cxx names', async () => {
    const { sent, channel } = scripted('6C04', '010203049000');
    const response = await new ApduTransport(channel).send(READ);
    expect(response).toEqual({ data: fromHex('01020304'), sw: 0x9000 });
    expect(sent).toEqual(['00B09E0000', '00B09E0004']);
  });

  it('a second 6Cxx for the same command ends the read with card-error, after two APDUs', async () => {
    const { sent, channel } = scripted('6CFF', '6CFE', '9000');
    await expect(new ApduTransport(channel).send(READ)).rejects.toMatchObject({ name: 'CardError', code: 'card-error', endsRead: true });
    expect(sent).toHaveLength(2);
  });

  it('an answer without a status word is a lost answer (transport), not malformed data', async () => {
    const { channel } = scripted('90');
    await expect(new ApduTransport(channel).send(READ)).rejects.toMatchObject({ code: 'transport', endsRead: true });
  });

  it('a chip that does not answer within the APDU limit is a card-timeout', async () => {
    const started = performance.now();
    await expect(new ApduTransport(silent, { apduTimeoutMs: 30 }).send(READ)).rejects.toMatchObject({ code: 'card-timeout', endsRead: true, message: expect.stringMatching(/within 30 ms/) });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('waits 5 s for an answer by default, not a moment more', async () => {
    vi.useFakeTimers();
    const outcome = new ApduTransport(silent).send(READ).then(
      () => 'answered',
      (error: { code: string }) => error.code,
    );
    await vi.advanceTimersByTimeAsync(DEFAULT_APDU_TIMEOUT_MS - 1);
    expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toBe('card-timeout');
    expect(DEFAULT_APDU_TIMEOUT_MS).toBe(5_000);
  });

  it('the read deadline cuts an exchange short, and once passed no command is sent', async () => {
    let remaining = 40;
    const transport = new ApduTransport(silent, { apduTimeoutMs: 60_000, remainingMs: () => remaining });
    await expect(transport.send(READ)).rejects.toMatchObject({ code: 'card-timeout', message: expect.stringMatching(/deadline/) });
    remaining = 0;
    const { sent, channel } = scripted('9000');
    await expect(new ApduTransport(channel, { remainingMs: () => remaining }).send(READ)).rejects.toMatchObject({ code: 'card-timeout' });
    expect(sent).toEqual([]);
  });
});
