// The key and reader options `card read` and `checkin` share, read one way.
import { CardError } from '../card/errors';
import type { AccessInput } from '../card/keys/access-key';
import { parseMrzKey } from '../card/keys/mrz-key';
import { PcscReaderManager } from '../reader/pcsc-reader-manager';
import type { ReaderPort } from '../reader/port';

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export const cardKeyOptions = {
  can: { type: 'string' },
  id: { type: 'string' },
  dob: { type: 'string' },
  'mrz-key': { type: 'string' },
  qr: { type: 'string' },
} as const;

const text = (values: OptionValues, name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

export function accessFrom(values: OptionValues): AccessInput {
  const can = text(values, 'can');
  const mrzKey = text(values, 'mrz-key');
  const qr = text(values, 'qr');
  const id = text(values, 'id');
  const dob = text(values, 'dob');
  if (can) return { kind: 'can', can };
  if (mrzKey) return { kind: 'mrz', key: parseMrzKey(mrzKey) };
  if (qr) return { kind: 'qr', text: qr };
  if (id && dob) return { kind: 'id-dob', idNumber: id, dateOfBirth: dob };
  throw new CardError('no-access-key', 'give --can, --id with --dob, --mrz-key or --qr');
}

export function isSimulatedReader(reader: string): boolean {
  return reader.startsWith('sim:');
}

/** A PC/SC reader, or `sim:<persona>`: that persona's simulated card, from the demo module (loaded only then). */
export async function readerPortFor(reader: string): Promise<ReaderPort> {
  if (!isSimulatedReader(reader)) return new PcscReaderManager();
  return (await import('../demo/demo')).simulatedReader(reader);
}
