// The desk's imported trust material on disk, in the app's data folder: one DER file per anchor and per
// CRL, named by SHA-256 fingerprint, so imports are idempotent and removal is deleting a file; and the
// record of every import (imports.json: when, from which file, how it was vouched for).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TrustImportRecord } from '../contract';
import { parseCertificate, parseCrl, type Certificate, type Crl } from './certificates';
import type { TrustMaterial } from './trust-material';

const anchorsDir = (dataDir: string) => join(dataDir, 'trust', 'anchors');
const crlsDir = (dataDir: string) => join(dataDir, 'trust', 'crls');
const importsFile = (dataDir: string) => join(dataDir, 'trust', 'imports.json');

/** Parsed files by path and modification time, so a desk re-reads only what changed since the last read. */
export class ImportedTrustFiles {
  private readonly parsed = new Map<string, { mtimeMs: number; anchor?: Certificate; crl?: Crl; importedAt: Date }>();

  constructor(private readonly dataDir: string) {}

  read(): { material: TrustMaterial; importedAt: Map<string, Date> } {
    const seen = new Set<string>();
    const material: TrustMaterial = { anchors: [], crls: [] };
    const importedAt = new Map<string, Date>();
    for (const [dir, kind] of [
      [anchorsDir(this.dataDir), 'anchor'],
      [crlsDir(this.dataDir), 'crl'],
    ] as const) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        const { mtime, mtimeMs } = statSync(path);
        seen.add(path);
        let entry = this.parsed.get(path);
        if (!entry || entry.mtimeMs !== mtimeMs) {
          const der = new Uint8Array(readFileSync(path));
          try {
            entry = kind === 'anchor' ? { mtimeMs, anchor: parseCertificate(der), importedAt: mtime } : { mtimeMs, crl: parseCrl(der), importedAt: mtime };
          } catch {
            // A damaged file (disk error, a hand edit) is not trusted and does not stop the desk's reads.
            continue;
          }
          this.parsed.set(path, entry);
        }
        if (entry.anchor) material.anchors.push(entry.anchor);
        if (entry.crl) material.crls.push(entry.crl);
        importedAt.set((entry.anchor ?? entry.crl)!.fingerprint, entry.importedAt);
      }
    }
    for (const path of this.parsed.keys()) if (!seen.has(path)) this.parsed.delete(path);
    return { material, importedAt };
  }
}

export function saveTrustMaterial(dataDir: string, material: TrustMaterial): { added: string[]; alreadyPresent: number } {
  const added: string[] = [];
  let alreadyPresent = 0;
  const write = (dir: string, name: string, fingerprint: string, der: Uint8Array) => {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    if (existsSync(path)) alreadyPresent += 1;
    else {
      writeFileSync(path, der);
      added.push(fingerprint);
    }
  };
  for (const anchor of material.anchors) write(anchorsDir(dataDir), `${anchor.fingerprint}.der`, anchor.fingerprint, anchor.der);
  for (const crl of material.crls) write(crlsDir(dataDir), `${crl.fingerprint}.crl`, crl.fingerprint, crl.der);
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

const ImportRecords = z.array(TrustImportRecord);

function loadImportRecords(dataDir: string): TrustImportRecord[] | 'damaged' {
  const file = importsFile(dataDir);
  if (!existsSync(file)) return [];
  try {
    return ImportRecords.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return 'damaged';
  }
}

/** Every import, oldest first; a damaged record file reads as empty rather than stopping the desk. */
export function readImportRecords(dataDir: string): TrustImportRecord[] {
  const records = loadImportRecords(dataDir);
  return records === 'damaged' ? [] : records;
}

/** Appends atomically (temp file + rename); a damaged file is kept aside for support, not overwritten. */
export function appendImportRecord(dataDir: string, record: TrustImportRecord): void {
  const file = importsFile(dataDir);
  mkdirSync(join(dataDir, 'trust'), { recursive: true });
  const records = loadImportRecords(dataDir);
  if (records === 'damaged') renameSync(file, `${file}.damaged`);
  writeFileSync(`${file}.tmp`, JSON.stringify([...(records === 'damaged' ? [] : records), record], null, 2));
  renameSync(`${file}.tmp`, file);
}
