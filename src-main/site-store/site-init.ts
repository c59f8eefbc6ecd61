// `site init`, as a function: the schema migrated, then on a new database the site's identity and a new
// key; on an initialised one the key it already has (from the enrolment file IT kept) — never a new one
// unless asked, and then every box is re-sealed with it. A demo site stays a demo site.
import { randomBytes, randomUUID } from 'node:crypto';
import { MASTER_KEY_BYTES, PiiCipher } from '../store/pii-cipher';
import type { Enrolment } from './enrolment';
import { SiteStoreError } from './errors';
import type { SiteIdentity, SiteStore } from './site-store';

export interface SiteInitRequest {
  demo: boolean;
  newKey: boolean;
  /** The enrolment file already written for this site, opened (null on the first run). */
  existing: Enrolment | null;
}

export interface SiteInitResult {
  site: SiteIdentity;
  /** What the enrolment file must hold now. */
  enrolment: Enrolment;
  created: boolean;
  rekeyed: { patients: number; visits: number } | null;
}

export async function initialiseSite(store: SiteStore, request: SiteInitRequest): Promise<SiteInitResult> {
  const schemaVersion = await store.migrate();
  let identity = await store.identity().catch((error: unknown) => {
    if (error instanceof SiteStoreError && error.code === 'not-initialised') return null;
    throw error;
  });
  if (!identity) {
    // An empty database with an enrolment file already made (a server rebuilt from nothing): the same
    // site id and key, so the enrolled stations go on working.
    const enrolment: Enrolment = request.existing ?? { siteId: randomUUID(), demo: request.demo, key: new Uint8Array(randomBytes(MASTER_KEY_BYTES)) };
    if (enrolment.demo !== request.demo) throw new SiteStoreError('refused', enrolment.demo ? 'that enrolment file is a demo site’s: give --demo' : 'that enrolment file is a production site’s: leave out --demo');
    const created = await store.createIdentity(enrolment.siteId, enrolment.demo, new PiiCipher(enrolment.key));
    identity = await store.identity();
    if (created) return { site: { siteId: identity.siteId, demo: identity.demo, schemaVersion }, enrolment, created, rekeyed: null };
  }
  if (identity.demo !== request.demo) {
    throw new SiteStoreError('refused', identity.demo ? 'this is a demo site: re-run site init with --demo' : 'this is a production site: it never becomes a demo site');
  }
  const site = { siteId: identity.siteId, demo: identity.demo, schemaVersion };
  const existing = request.existing;
  if (!existing) throw new SiteStoreError('enrolment-invalid', 'the site exists already: give its enrolment file (--enrolment-out) and passphrase, so the same key is kept');
  if (existing.siteId !== identity.siteId) throw new SiteStoreError('enrolment-invalid', 'that enrolment file belongs to another site');
  const cipher = new PiiCipher(existing.key);
  if (!cipher.matchesKeyCheck(identity.keyCheck)) throw new SiteStoreError('wrong-key', 'that enrolment file holds a key the site no longer uses');
  if (!request.newKey) return { site, enrolment: existing, created: false, rekeyed: null };
  const enrolment: Enrolment = { ...existing, key: new Uint8Array(randomBytes(MASTER_KEY_BYTES)) };
  const rekeyed = await store.rekey(cipher, new PiiCipher(enrolment.key));
  return { site, enrolment, created: false, rekeyed };
}
