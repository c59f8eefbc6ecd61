// `tiepdon setup --demo --data-dir DIR`: makes DIR a demo installation, which the desktop app, the web
// host and `checkin --data-dir DIR` then run as a demo (simulated cards, embedded gateway simulator).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoDataDir, installationMode, moveLegacyDemoData, setInstallationMode } from '../../core/installation';
import { printJson, type CliIo } from '../io';

export const setupUsage = `Usage: npm run -s tiepdon -- setup --data-dir DIR --demo [--json]

  --demo   a demo installation: simulated cards only, reports to its embedded gateway simulator only,
           the test CSCAs trusted; its data lives in DIR/demo/. Leave demo from the app's Settings.
  A production installation is set up in the app (first-run screen, then Settings).`;

export async function setupCommand(args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  if (args.includes('--help')) {
    io.out(setupUsage);
    return 0;
  }
  const { values } = parseArgs({ args, strict: true, options: { 'data-dir': { type: 'string' }, demo: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
  const fail = (code: string, message: string) => {
    if (values.json) printJson(io, { error: { code, message } });
    io.err(`${code}: ${message}`);
    return 2;
  };
  const root = values['data-dir'];
  if (!root) return fail('usage', `Missing --data-dir\n\n${setupUsage}`);
  if (!values.demo) return fail('usage', `This version sets up production installations in the app (first-run screen); give --demo for a demo installation.\n\n${setupUsage}`);
  moveLegacyDemoData(root, now());
  const before = existsSync(root) ? installationMode(root) : null;
  setInstallationMode(root, 'demo');
  const result = { dataDir: root, mode: 'demo' as const, demoDataDir: demoDataDir(root), was: before };
  if (values.json) printJson(io, result);
  else io.out(`${root}: demo installation (data in ${result.demoDataDir})`);
  return 0;
}
