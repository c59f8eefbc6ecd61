// Reads the card in one reader: connect, read the chip (optionally recording the session) and disconnect
// whatever happens; `readVerified` then verifies what was read. The desk, the kiosk, the CLI and the
// check-in all take this one step.
import { readChip, type ChipRead, type ReadOptions } from '../card/read/chip-reader';
import { cryptoRandom } from '../card/crypto/random';
import { TranscriptRecorder } from '../card/transcript';
import type { ReaderPort } from '../reader/port';
import type { TrustStore } from '../trust/trust-store';
import type { Clock } from '../util/clock';
import type { Verification } from '../contract';
import { verifyRead } from './verification';

export interface CardReadRequest extends Omit<ReadOptions, 'random'> {
  reader: string;
  /** Record the session (APDUs and terminal randomness) as a JSON Lines transcript. */
  record?: (jsonl: string) => void;
}

export async function readCardIn(readers: ReaderPort, request: CardReadRequest): Promise<ChipRead & { reader: string }> {
  const connection = await readers.connect(request.reader);
  const recorder = request.record ? new TranscriptRecorder(`reader:${request.reader}`) : null;
  let read: ChipRead;
  try {
    const channel = recorder ? recorder.channel(connection) : connection;
    const random = recorder ? recorder.random(cryptoRandom) : cryptoRandom;
    read = await readChip(channel, { ...request, random });
  } catch (error) {
    // The failure is reported at once; the reader is released when its exchange in flight ends (a
    // stalled chip may hold it for seconds after card-timeout).
    void connection.close().catch(() => undefined);
    throw error;
  } finally {
    if (recorder) request.record!(recorder.toJsonl());
  }
  await connection.close();
  return { ...read, reader: request.reader };
}

export interface VerifiedRead {
  read: ChipRead & { reader: string };
  verification: Verification;
}

/** The one read → verify step: the read at the clock's time, the verification against `trust` once the read is done. */
export async function readVerified(readers: ReaderPort, request: Omit<CardReadRequest, 'now'>, trust: TrustStore, clock: Clock): Promise<VerifiedRead> {
  const read = await readCardIn(readers, { ...request, now: clock.now() });
  return { read, verification: verifyRead(read, trust, clock.now()) };
}
