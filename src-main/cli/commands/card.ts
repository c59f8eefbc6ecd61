// `tiepdon card read`: read a chip through a PC/SC reader or a simulated one (`sim:<persona>`), verify it
// and print what a receptionist would see. Exit 0 when the chip was read, even if verification failed.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CardError } from '../../card/errors';
import { defaultDataDir } from '../../core/data-dir';
import { systemClock, type Clock } from '../../core/clock';
import { readCardIn } from '../../identity/card-read-service';
import { readResultJson } from '../../identity/read-json';
import { verify } from '../../identity/verification';
import { ReaderError } from '../../reader/port';
import { TrustError } from '../../trust/certificates';
import { passiveAuthentication } from '../../trust/passive-authentication';
import { readTrustPath } from '../../trust/trust-material';
import { DeskTrust } from '../../trust/desk-trust';
import { accessFrom, cardKeyOptions, readerPortFor } from '../card-options';
import { printJson, type CliIo } from '../io';

const USAGE = `Usage: card read --reader <PC/SC reader name | sim:<persona>>
  [--can N | --id ID12 --dob dd/mm/yyyy | --mrz-key DOC:YYMMDD:YYMMDD | --qr "<QR text>"]
  [--trust <file|dir>]… [--no-photo] [--photo-out FILE] [--record FILE] [--json]`;

function errorCode(error: unknown): { code: string; message: string } {
  if (error instanceof CardError) return { code: error.code, message: error.messages.en };
  if (error instanceof ReaderError) return { code: error.code, message: error.message };
  if (error instanceof TrustError) return { code: 'trust-file', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export async function cardCommand(args: string[], io: CliIo, clock: Clock = systemClock): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'read') {
    io.err(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      reader: { type: 'string' },
      ...cardKeyOptions,
      trust: { type: 'string', multiple: true },
      'no-photo': { type: 'boolean', default: false },
      'photo-out': { type: 'string' },
      record: { type: 'string' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });
  try {
    if (!values.reader) throw new CardError('no-access-key', 'give --reader');
    const access = accessFrom(values);
    // The desk's trust list (default + imported) plus this run's extra anchors; the test CSCA only when asked for.
    let trust = new DeskTrust({ dataDir: values['data-dir'] ?? defaultDataDir(), clock }).store();
    for (const path of values.trust ?? []) trust = trust.with(readTrustPath(path));
    const read = await readCardIn(await readerPortFor(values.reader), {
      reader: values.reader,
      access,
      now: clock.now(),
      photo: !values['no-photo'],
      ...(values.record ? { record: (jsonl: string) => writeFileSync(values.record!, jsonl) } : {}),
    });
    const verification = verify(passiveAuthentication(read.dataGroups, read.sod, trust, clock.now()), read.chipAuthentication, read.activeAuthentication);
    if (values['photo-out'] && read.photo) writeFileSync(values['photo-out'], read.photo.bytes);
    const result = readResultJson(read, verification, !values['no-photo']);
    if (values.json) printJson(io, result);
    else {
      io.out(`${read.holder?.fullName ?? `${read.mrz.surname} ${read.mrz.givenNames}`} · ${read.holder?.idNumber ?? read.mrz.documentNumber} · ${read.access}`);
      io.out(`${verification.verdict}: ${verification.reason.vi} / ${verification.reason.en}`);
      for (const warning of read.warnings) io.err(`warning: ${warning}`);
    }
    return 0;
  } catch (error) {
    const shape = errorCode(error);
    if (values.json) printJson(io, { error: shape });
    else io.err(`${shape.code}: ${shape.message}`);
    return 1;
  }
}
