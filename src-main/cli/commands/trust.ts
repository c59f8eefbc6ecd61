// `tiepdon trust import|list|remove`: the desk's CSCA trust store, for administrators.
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../core/data-dir';
import { TrustError } from '../../trust/certificates';
import { readTrustPath } from '../../trust/trust-material';
import { openTrustStore, removeTrustEntry, saveTrustMaterial } from '../../trust/trust-store-files';
import { printJson, type CliIo } from '../io';

export async function trustCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
  });
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (sub === 'import' && positionals[0]) {
    try {
      const material = readTrustPath(positionals[0]);
      const saved = saveTrustMaterial(dataDir, material);
      if (values.json) printJson(io, { ...saved, anchors: material.anchors.length, crls: material.crls.length });
      else io.out(`Imported ${saved.added} (already present: ${saved.alreadyPresent}) from ${material.anchors.length} certificates and ${material.crls.length} CRLs.`);
      return 0;
    } catch (error) {
      const message = error instanceof TrustError || error instanceof Error ? error.message : String(error);
      if (values.json) printJson(io, { error: { code: 'trust-file', message } });
      else io.err(message);
      return 1;
    }
  }
  if (sub === 'list') {
    const store = openTrustStore(dataDir);
    const anchors = store.anchorList.map((anchor) => ({
      fingerprint: anchor.fingerprint,
      subject: anchor.x509.subject.replace(/\n/g, ', '),
      subjectKeyId: anchor.subjectKeyId,
      validFrom: new Date(anchor.x509.validFrom).toISOString(),
      validTo: new Date(anchor.x509.validTo).toISOString(),
    }));
    if (values.json) printJson(io, anchors);
    else for (const anchor of anchors) io.out(`${anchor.fingerprint.slice(0, 16)}  ${anchor.subject}`);
    return 0;
  }
  if (sub === 'remove' && positionals[0]) {
    const removed = removeTrustEntry(dataDir, positionals[0]);
    if (!removed) io.err('No single anchor or CRL matches that fingerprint (give at least 8 hex digits).');
    return removed ? 0 : 1;
  }
  io.err('Usage: trust import <file|dir> | trust list [--json] | trust remove <fingerprint>  [--data-dir DIR]');
  return 2;
}
