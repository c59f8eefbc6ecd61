// `tiepdon trust import|list|remove`: the desk's CSCA trust list, for administrators. The list holds the
// shipped default anchors and what was imported into the data folder.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../../util/clock';
import { defaultDataDir } from '../../core/data-dir';
import { installationMode, modeDataDir } from '../../settings/installation';
import { TrustError } from '../../trust/certificates';
import { InstallationTrust } from '../../trust/installation-trust';
import { removeTrustEntry } from '../../trust/trust-store-files';
import { RefusedError } from '../errors';
import { refuseDesktopInstallation } from '../installation-dir';
import { printJson, type CliIo } from '../io';

const usage = `Usage: trust import <file> [--allow-unsigned] | trust list [--json] | trust remove <fingerprint>  [--data-dir DIR]
  import  a CMS-signed master list is imported when its signature verifies and its signer chains to a
          CSCA; an unsigned list, a certificate or a CRL only with --allow-unsigned
  --data-dir  the installation (default: this user's); a demo installation's list is in DIR/demo/ and
              includes the demo's test CSCAs`;

export async function trustCommand(args: string[], io: CliIo, deps: { clock?: Clock; defaultTrustDir?: string } = {}): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' }, 'allow-unsigned': { type: 'boolean', default: false } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const root = values['data-dir'] ?? defaultDataDir();
  const clock = deps.clock ?? systemClock;
  const fail = (code: string, message: string) => {
    if (values.json) printJson(io, { error: { code, message } });
    else io.err(message);
    return 1;
  };
  let trust: InstallationTrust;
  let dataDir: string;
  try {
    refuseDesktopInstallation(root, 'use the app’s Settings');
    // Not moved as data of an earlier version: an import into a folder without a marker makes trust/ too.
    const mode = installationMode(root);
    dataDir = modeDataDir(root, mode);
    // A demo trusts its test CSCAs; nothing else ever does.
    const demo = mode === 'demo' ? (await import('../../demo/demo')).demoTestCscas() : null;
    trust = new InstallationTrust({ dataDir, clock, ...(demo ? { demo } : {}), ...(deps.defaultTrustDir ? { defaultDir: deps.defaultTrustDir } : {}) });
  } catch (error) {
    if (error instanceof RefusedError) {
      fail(error.code, error.message);
      return 2;
    }
    if (error instanceof TrustError) return fail(error.code, error.message);
    throw error;
  }
  if (sub === 'import' && positionals[0]) {
    try {
      const path = positionals[0];
      const result = trust.import(new Uint8Array(readFileSync(path)), { fileName: basename(path), via: 'cli', acceptUnsigned: values['allow-unsigned'] });
      if (result.status === 'needs-confirmation') {
        return fail('unsigned-not-confirmed', `${path} carries no signature (${result.anchors} certificates, ${result.crls} CRLs): nothing was imported. Check where it came from, then import it with --allow-unsigned.`);
      }
      if (values.json) printJson(io, result);
      else {
        if (result.signedBy) io.out(`Signed by ${result.signedBy.subject}, whose certificate chains to ${result.signedBy.chainsTo.subject} (from the ${result.signedBy.chainsTo.foundIn}).`);
        else io.out('Imported without a signature, as --allow-unsigned asked.');
        io.out(`Imported ${result.added} (already present: ${result.alreadyPresent}) from ${result.anchors} certificates and ${result.crls} CRLs.`);
      }
      return 0;
    } catch (error) {
      if (error instanceof TrustError) return fail(error.code, error.message);
      return fail('trust-file', error instanceof Error ? error.message : String(error));
    }
  }
  if (sub === 'list') {
    const entries = trust.list();
    if (values.json) printJson(io, entries);
    else for (const entry of entries) io.out(`${entry.kind.padEnd(4)} ${entry.source.padEnd(8)} ${entry.fingerprint.slice(0, 16)}  ${entry.subject}${entry.stale ? '  (stale)' : ''}`);
    return 0;
  }
  if (sub === 'remove' && positionals[0]) {
    const removed = removeTrustEntry(dataDir, positionals[0]);
    if (!removed) io.err('No single imported anchor or CRL matches that fingerprint (give at least 8 hex digits; the default list cannot be removed).');
    return removed ? 0 : 1;
  }
  io.err(usage);
  return 2;
}
