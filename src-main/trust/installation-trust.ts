// The trust an installation works with: the shipped default list (checked against its pins when it opens),
// the demo's test CSCAs when the host asks for demo, and what administrators imported into the data
// folder. Hosts open it once; every card read takes `store()`, Settings and `trust list` take `list()`.
import type { TrustEntry, TrustImportRecord, TrustImportResult } from '../contract';
import type { Clock } from '../util/clock';
import { crlNextUpdate, nameOf, TrustError, type Certificate, type Crl } from './certificates';
import { loadDefaultTrust } from './default-trust';
import { verifyMasterListSignature } from './master-list-signature';
import { readTrustFile, type TrustMaterial } from './trust-material';
import { TrustStore } from './trust-store';
import { appendImportRecord, ImportedTrustFiles, readImportRecords, saveTrustMaterial } from './trust-store-files';

export interface InstallationTrustOptions {
  dataDir: string;
  clock: Clock;
  /** The demo's test CSCAs (listed as `demo`); never given to a production desk. */
  demo?: TrustMaterial;
  /** Where the default list lives (tests point it at a copy). */
  defaultDir?: string;
  /** Told of every import once it is stored, for the audit log. */
  onImported?: (record: TrustImportRecord) => void;
}

export interface TrustImportRequest {
  fileName: string;
  via: TrustImportRecord['via'];
  /** The administrator confirmed importing a file that carries no signature. */
  acceptUnsigned: boolean;
}

const iso = (date: Date | string) => new Date(date).toISOString();

function anchorEntry(anchor: Certificate, source: TrustEntry['source'], importedAt: Date | undefined): TrustEntry {
  return {
    kind: 'csca',
    fingerprint: anchor.fingerprint,
    subject: anchor.x509.subject.replace(/\n/g, ', '),
    notBefore: iso(anchor.x509.validFrom),
    notAfter: iso(anchor.x509.validTo),
    source,
    ...(importedAt ? { importedAt: iso(importedAt) } : {}),
  };
}

function crlEntry(crl: Crl, source: TrustEntry['source'], importedAt: Date | undefined, now: Date): TrustEntry {
  const nextUpdate = crlNextUpdate(crl);
  return {
    kind: 'crl',
    fingerprint: crl.fingerprint,
    subject: nameOf(crl.parsed.issuer),
    notBefore: iso(crl.parsed.thisUpdate.value),
    notAfter: nextUpdate ? iso(nextUpdate) : null,
    source,
    ...(importedAt ? { importedAt: iso(importedAt) } : {}),
    ...(nextUpdate ? { nextUpdate: iso(nextUpdate) } : {}),
    stale: nextUpdate !== null && nextUpdate < now,
  };
}

export class InstallationTrust {
  /** Default first, then demo: an entry keeps the first source it was added from. */
  private readonly base: TrustStore;
  private readonly imported: ImportedTrustFiles;

  /** Throws TrustError('tampered-resource') when a default trust file is missing or altered. */
  constructor(private readonly options: InstallationTrustOptions) {
    const base = new TrustStore().with(loadDefaultTrust(options.defaultDir), 'default');
    this.base = options.demo ? base.with(options.demo, 'demo') : base;
    this.imported = new ImportedTrustFiles(options.dataDir);
  }

  store(): TrustStore {
    return this.base.with(this.imported.read().material, 'imported');
  }

  list(): TrustEntry[] {
    const { importedAt } = this.imported.read();
    const recorded = new Map<string, string>();
    for (const record of readImportRecords(this.options.dataDir)) for (const fingerprint of record.added) if (!recorded.has(fingerprint)) recorded.set(fingerprint, record.at);
    const store = this.store();
    const now = this.options.clock.now();
    const when = (fingerprint: string, source: TrustEntry['source']) => {
      if (source !== 'imported') return undefined;
      const at = recorded.get(fingerprint);
      return at ? new Date(at) : importedAt.get(fingerprint);
    };
    const sourceOf = (fingerprint: string) => store.sourceOf(fingerprint) ?? 'imported';
    return [
      ...store.anchorList.map((anchor) => anchorEntry(anchor, sourceOf(anchor.fingerprint), when(anchor.fingerprint, sourceOf(anchor.fingerprint)))),
      ...store.crlList.map((crl) => crlEntry(crl, sourceOf(crl.fingerprint), when(crl.fingerprint, sourceOf(crl.fingerprint)), now)),
    ];
  }

  /** Newest first. */
  imports(): TrustImportRecord[] {
    return readImportRecords(this.options.dataDir).reverse();
  }

  /**
   * A signed master list is stored only when its signature verifies and its signer chains to a CSCA (in
   * the list or the store); anything unsigned only with `acceptUnsigned`. Bad input throws TrustError.
   */
  import(bytes: Uint8Array, request: TrustImportRequest): TrustImportResult {
    const file = readTrustFile(bytes);
    const { material } = file;
    const counts = { anchors: material.anchors.length, crls: material.crls.length };
    if (counts.anchors + counts.crls === 0) throw new TrustError('unreadable', 'the file holds no certificate and no CRL');
    // Certificates are parsed fully now, so one pkijs cannot read is refused here rather than at a card read.
    for (const anchor of material.anchors) void anchor.parsed;
    const now = this.options.clock.now();
    const store = this.store();
    const signedBy = file.signed ? verifyMasterListSignature(file.signed, material, store, now) : null;
    if (!signedBy && !request.acceptUnsigned) return { status: 'needs-confirmation', reason: 'unsigned', ...counts };
    // What the desk already trusts (the default list, say) is not copied into the data folder again.
    const known = (fingerprint: string) => store.sourceOf(fingerprint) !== null;
    const fresh: TrustMaterial = {
      anchors: material.anchors.filter((anchor) => !known(anchor.fingerprint)),
      crls: material.crls.filter((crl) => !known(crl.fingerprint)),
    };
    const saved = saveTrustMaterial(this.options.dataDir, fresh);
    const record: TrustImportRecord = {
      at: now.toISOString(),
      fileName: request.fileName.slice(0, 200),
      via: request.via,
      signedBy,
      unsignedConfirmed: !signedBy,
      added: saved.added,
    };
    appendImportRecord(this.options.dataDir, record);
    this.options.onImported?.(record);
    return {
      status: 'imported',
      added: saved.added.length,
      alreadyPresent: saved.alreadyPresent + (counts.anchors + counts.crls - fresh.anchors.length - fresh.crls.length),
      ...counts,
      signedBy,
    };
  }
}
