// Reads the card in one reader: connect, read the chip (optionally recording the session), verify, and
// disconnect whatever happens. Shared by the CLI, the desk and the kiosk.
import { readChip, type ChipRead, type ReadOptions } from '../card/read/chip-reader';
import { cryptoRandom } from '../card/crypto/random';
import { TranscriptRecorder } from '../card/transcript';
import type { ReaderPort } from '../reader/port';

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
