// The trust list a production installation ships with (resources/trust/, provenance in its README). Each
// file's SHA-256 is pinned here: the German list is the unsigned inner CscaMasterList, so nothing but this
// pin says it is the list we reviewed. A file that differs, or is missing, stops the start: running with a
// silently altered trust list would make forged cards read "authentic".
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from '../util/bytes';
import { TrustError } from './certificates';
import { readTrustMaterial, type TrustMaterial } from './trust-material';

export const DEFAULT_TRUST_FILES: Readonly<Record<string, string>> = {
  'vn-csca-epassport-2022.pem': 'A41DE3D6ACA443265B3D5539EB515758ED1A6253E0700A4511875A188D1C4E68',
  'de-masterlist-2026-02.ml': '746443F7B7078BD1E5D97B4647CF0D89D2A2E32A908CF829EE96F5FB20D9AE43',
};

/** <package root>/resources/trust, found by walking up to package.json: works from the sources and from out/ (or the asar). */
export function defaultTrustDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'resources', 'trust');
    if (dirname(dir) === dir) throw new TrustError('tampered-resource', `the default trust list cannot be found: no package.json above ${from}`);
  }
}

const loaded = new Map<string, TrustMaterial>();

/**
 * The default anchors, each file checked against its pin. Parsed once per process (about 600
 * certificates): the files are part of the installed app and do not change while it runs.
 */
export function loadDefaultTrust(dir: string = defaultTrustDir()): TrustMaterial {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const material: TrustMaterial = { anchors: [], crls: [] };
  for (const [name, pinned] of Object.entries(DEFAULT_TRUST_FILES)) {
    const path = join(dir, name);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch {
      throw new TrustError('tampered-resource', `the default trust list is incomplete: ${path} is missing; reinstall the application`);
    }
    const actual = toHex(createHash('sha256').update(bytes).digest());
    if (actual !== pinned) {
      throw new TrustError('tampered-resource', `the default trust list was altered: ${path} has SHA-256 ${actual}, expected ${pinned}; reinstall the application`);
    }
    const part = readTrustMaterial(bytes);
    material.anchors.push(...part.anchors);
    material.crls.push(...part.crls);
  }
  loaded.set(dir, material);
  return material;
}
