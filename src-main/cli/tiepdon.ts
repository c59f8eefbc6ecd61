// `npm run -s tiepdon -- <command>`: the core without UI, for support staff and developers.
import { appName, appVersion } from '../util/app-meta';
import { PcscReaderManager } from '../reader/pcsc-reader-manager';
import { backupCommand, restoreCommand } from './commands/backup';
import { bhytCommand } from './commands/bhyt';
import { cardCommand } from './commands/card';
import { checkinCommand } from './commands/checkin';
import { dbCommand } from './commands/db';
import { hisCommand } from './commands/his';
import { readersCommand } from './commands/readers';
import { setupCommand } from './commands/setup';
import { siteCommand } from './commands/site';
import { supportBundleCommand } from './commands/support-bundle';
import { syncCommand } from './commands/sync';
import { trustCommand } from './commands/trust';
import type { CliIo } from './io';

const usage = `${appName} ${appVersion}

Usage: npm run -s tiepdon -- <command> [options]

Commands:
  version              print the app version
  readers [--json]     list card readers: name, card present, ATR
  card read …          read and verify a chip ID card or passport (card read --help)
  trust …              CSCA trust list: import <file> [--allow-unsigned], list [--json], remove <fingerprint>
  sim personas [--json]            the simulated cards
  sim serve --persona <id> [--port 35963]   offer a simulated card to pcscd (vsmartcard-vpcd)
  bhyt lookup|history …           BHYT card check or visit history at a BHXH gateway (bhyt --help)
  gateway serve [--port 8787] …   the BHXH gateway simulator on 127.0.0.1 (gateway --help)
  setup --demo --data-dir DIR     make DIR a demo installation (setup --help)
  checkin --data-dir DIR … | --db FILE …   check a patient in: visit, queue number, outbox (checkin --help)
  sync --data-dir DIR | --db FILE … [--once]   send the outbox to the gateway (sync --help)
  db info|purge --data-dir DIR | --db FILE     the desk database: pragmas, counts; retention purge
  his export --data-dir DIR --date YYYY-MM-DD --format fhir|xml3176 [--out FILE]   a day for the HIS (his --help)
  his sync --data-dir DIR [--list] [--retry-dead] [--once]   the hand-overs to the HIS's FHIR server
  backup --data-dir DIR --out FILE …          the installation in one encrypted file (backup --help)
  restore --data-dir NEWDIR --in FILE …       bring a backup back, on a new PC (restore --help)
  support-bundle --data-dir DIR --out FILE    versions, settings, readers, counts, logs; no patient data
  site init|status|queue --url postgres://…   the hospital's site store shared by stations (site --help)
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
      return readersCommand(args, io, new PcscReaderManager());
    case 'card':
      return cardCommand(args, io);
    case 'trust':
      return trustCommand(args, io);
    // Developer commands: only they load the simulators, through the demo bridge.
    case 'sim':
      return (await import('../demo/dev-commands')).simCommand(args, io);
    case 'bhyt':
      return bhytCommand(args, io);
    case 'gateway':
      return (await import('../demo/dev-commands')).gatewayCommand(args, io);
    case 'setup':
      return setupCommand(args, io);
    case 'checkin':
      return checkinCommand(args, io);
    case 'sync':
      return syncCommand(args, io);
    case 'db':
      return dbCommand(args, io);
    case 'his':
      return hisCommand(args, io);
    case 'backup':
      return backupCommand(args, io);
    case 'restore':
      return restoreCommand(args, io);
    case 'support-bundle':
      return supportBundleCommand(args, io);
    case 'site':
      return siteCommand(args, io);
    default:
      io.err(`Unknown command "${command}".\n\n${usage}`);
      return 2;
  }
}
