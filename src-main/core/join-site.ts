// A station joins its hospital's site store once (setup): the enrolment file opened with its passphrase,
// the site checked to be that file's site with that key and of the same kind (demo joins demo only,
// production production only), the station code enrolled under this installation's id, then the URL
// without its password into the settings and the key and password into the vault.
import { randomUUID } from 'node:crypto';
import type { SiteMembership } from '../contract';
import { splitSiteUrl } from '../site-store/connection';
import { openEnrolment } from '../site-store/enrolment';
import { SiteStoreError } from '../site-store/errors';
import { SiteStore } from '../site-store/site-store';
import { PiiCipher } from '../store';
import type { SettingsStore } from '../settings/settings-store';
import type { Clock } from '../util/clock';

export interface JoinSiteRequest {
  /** `postgres://user:password@host/db?sslmode=…`; the password moves to the vault. */
  url: string;
  enrolment: string;
  passphrase: string;
  /** The installation's mode. */
  demo: boolean;
  adminPin?: string;
}

export async function joinSite(settings: SettingsStore, request: JoinSiteRequest, clock: Clock): Promise<SiteMembership> {
  const enrolment = openEnrolment(request.enrolment, request.passphrase);
  if (enrolment.demo !== request.demo) {
    throw new SiteStoreError('refused', enrolment.demo ? 'a demo site: only demo installations may join it (tiepdon setup --demo)' : 'a production site: a demo installation never joins it');
  }
  const { url, password } = splitSiteUrl(request.url);
  const current = settings.get();
  const site = SiteStore.open({ url, password, applicationName: `tiepdon setup ${current.stationCode}` });
  try {
    const identity = await site.identity();
    if (identity.siteId !== enrolment.siteId) throw new SiteStoreError('enrolment-invalid', 'that enrolment file belongs to another site than this URL');
    if (identity.demo !== request.demo) throw new SiteStoreError('refused', 'the site and the enrolment file disagree on demo');
    if (!new PiiCipher(enrolment.key).matchesKeyCheck(identity.keyCheck)) throw new SiteStoreError('wrong-key', 'the site has a newer key than that enrolment file');
    const installationId = current.site?.installationId ?? randomUUID();
    await site.enrolStation(current.stationCode, installationId, request.demo);
    const membership: SiteMembership = { url, siteId: identity.siteId, installationId, demo: request.demo, enrolledAt: clock.now().toISOString() };
    settings.joinSite(membership, enrolment.key, password, request.adminPin);
    return membership;
  } finally {
    await site.close();
  }
}
