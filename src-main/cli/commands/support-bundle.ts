// `tiepdon support-bundle --data-dir DIR --out FILE`: one JSON file IT staff can read and send on; it holds
// no patient data (see src-main/support/support-bundle.ts for what it holds).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../../util/clock';
import { PcscReaderManager } from '../../reader/pcsc-reader-manager';
import type { ReaderPort } from '../../reader/port';
import { supportBundle } from '../../support/support-bundle';
import type { CliIo } from '../io';

export const supportBundleUsage = `Usage: npm run -s tiepdon -- support-bundle --data-dir DIR --out FILE

  Writes versions, the installation's files (names and sizes), settings without secrets or personal
  data, the card readers, database counts, the trust list and the recent logs (already redacted) to
  FILE as JSON. It holds no patient data.`;

export async function supportBundleCommand(args: string[], io: CliIo, deps: { clock?: Clock; readers?: ReaderPort } = {}): Promise<number> {
  if (args.includes('--help')) {
    io.out(supportBundleUsage);
    return 0;
  }
  const { values } = parseArgs({ args, strict: true, options: { 'data-dir': { type: 'string' }, out: { type: 'string' } } });
  if (!values['data-dir'] || !values.out) {
    io.err(`Missing --data-dir or --out\n\n${supportBundleUsage}`);
    return 2;
  }
  const bundle = await supportBundle({ root: values['data-dir'], clock: deps.clock ?? systemClock, readers: deps.readers ?? new PcscReaderManager() });
  writeFileSync(values.out, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600 });
  io.out(`support bundle written to ${values.out}`);
  return 0;
}
