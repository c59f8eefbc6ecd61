// The desk's trust store on disk, in the app's data folder: one DER file per anchor and per CRL, named by
// SHA-256 fingerprint, so imports are idempotent and removal is deleting a file.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificate, parseCrl } from './certificates';
import type { TrustMaterial } from './trust-material';
import { TrustStore } from './trust-store';

const anchorsDir = (dataDir: string) => join(dataDir, 'trust', 'anchors');
const crlsDir = (dataDir: string) => join(dataDir, 'trust', 'crls');

export function openTrustStore(dataDir: string): TrustStore {
  const store = new TrustStore();
  for (const [dir, add] of [
    [anchorsDir(dataDir), (der: Uint8Array) => store.addAnchor(parseCertificate(der))],
    [crlsDir(dataDir), (der: Uint8Array) => store.addCrl(parseCrl(der))],
  ] as const) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) add(new Uint8Array(readFileSync(join(dir, name))));
  }
  return store;
}

export function saveTrustMaterial(dataDir: string, material: TrustMaterial): { added: number; alreadyPresent: number } {
  let added = 0;
  let alreadyPresent = 0;
  const write = (dir: string, name: string, der: Uint8Array) => {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    if (existsSync(path)) alreadyPresent += 1;
    else {
      writeFileSync(path, der);
      added += 1;
    }
  };
  for (const anchor of material.anchors) write(anchorsDir(dataDir), `${anchor.fingerprint}.der`, anchor.der);
  for (const crl of material.crls) write(crlsDir(dataDir), `${crl.fingerprint}.crl`, crl.der);
  return { added, alreadyPresent };
}

/** Removes an anchor or CRL by fingerprint (or a unique prefix of at least 8 hex digits). */
export function removeTrustEntry(dataDir: string, fingerprint: string): boolean {
  const prefix = fingerprint.toUpperCase().replace(/[^0-9A-F]/g, '');
  if (prefix.length < 8) return false;
  for (const dir of [anchorsDir(dataDir), crlsDir(dataDir)]) {
    if (!existsSync(dir)) continue;
    const matches = readdirSync(dir).filter((name) => name.startsWith(prefix));
    if (matches.length === 1) {
      rmSync(join(dir, matches[0]!));
      return true;
    }
  }
  return false;
}
