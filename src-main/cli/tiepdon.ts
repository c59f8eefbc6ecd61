// `npm run -s tiepdon -- <command>`: the core without UI, for support staff and developers.
import { appName, appVersion } from '../core/app-meta';
import { PcscReaderPort } from '../reader/pcsc-reader-port';
import { readersCommand } from './commands/readers';
import type { CliIo } from './io';

const usage = `${appName} ${appVersion}

Usage: npm run -s tiepdon -- <command> [options]

Commands:
  version              print the app version
  readers [--json]     list card readers: name, card present, ATR
  help                 this text

Every command with --json prints machine-readable JSON on stdout; messages go to stderr.`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(usage);
      return 0;
    case 'version':
    case '--version':
      io.out(appVersion);
      return 0;
    case 'readers':
      return readersCommand(args, io, new PcscReaderPort());
    default:
      io.err(`Unknown command "${command}".\n\n${usage}`);
      return 2;
  }
}
