// `tiepdon card read`: read a chip through a PC/SC reader or a simulated one (`sim:<persona>`), verify it
// and print what a receptionist would see. Exit 0 when the chip was read, even if verification failed.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CardError } from '../../card/errors';
import { defaultDataDir } from '../../core/data-dir';
import { systemClock, type Clock } from '../../util/clock';
import { readVerified } from '../../identity/card-read-service';
import { readResultJson } from '../../identity/read-json';
import { ReaderError } from '../../reader/port';
import { TrustError } from '../../trust/certificates';
import { readTrustPath } from '../../trust/trust-material';
import { InstallationTrust } from '../../trust/installation-trust';
import { accessFrom, cardKeyOptions, readerPortFor } from '../card-options';
import { printJson, type CliIo } from '../io';

const USAGE = `Usage: card read --reader <PC/SC reader name | sim:<persona>>
  [--can N | --id ID12 --dob dd/mm/yyyy | --mrz-key DOC:YYMMDD:YYMMDD | --qr "<QR text>"]
  [--trust <file|dir>]… [--no-photo] [--photo-out FILE] [--record FILE] [--json]
  [--apdu-timeout-ms N (default 5000)] [--read-deadline-ms N (default 20000)]`;

function errorCode(error: unknown): { code: string; message: string } {
  if (error instanceof CardError) return { code: error.code, message: error.words.en };
  if (error instanceof ReaderError) return { code: error.code, message: error.message };
  if (error instanceof TrustError) return { code: 'trust-file', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** A positive whole number of milliseconds; NaN when the option is not one. */
function milliseconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return /^\d{1,7}$/.test(value) && Number(value) > 0 ? Number(value) : NaN;
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
      'apdu-timeout-ms': { type: 'string' },
      'read-deadline-ms': { type: 'string' },
    },
  });
  const timeouts = { apduMs: milliseconds(values['apdu-timeout-ms']), readMs: milliseconds(values['read-deadline-ms']) };
  if (Number.isNaN(timeouts.apduMs) || Number.isNaN(timeouts.readMs)) {
    io.err(USAGE);
    return 2;
  }
  try {
    if (!values.reader) throw new CardError('no-access-key', 'give --reader');
    const access = accessFrom(values);
    // The desk's trust list (default + imported) plus this run's extra anchors; the test CSCA only when asked for.
    let trust = new InstallationTrust({ dataDir: values['data-dir'] ?? defaultDataDir(), clock }).store();
    for (const path of values.trust ?? []) trust = trust.with(readTrustPath(path));
    const { read, verification } = await readVerified(
      await readerPortFor(values.reader),
      {
        reader: values.reader,
        access,
        photo: !values['no-photo'],
        timeouts,
        ...(values.record ? { record: (jsonl: string) => writeFileSync(values.record!, jsonl) } : {}),
      },
      trust,
      clock,
    );
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
