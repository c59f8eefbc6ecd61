// A station joins its hospital's site store once (setup): the enrolment file opened with its passphrase,
// the site checked to be that file's site with that key and of the same kind (demo joins demo only,
// production production only), the station code free or already this installation's, then the code
// enrolled under this installation's id, the URL without its password into the settings and the key and
// password into the vault. The setup screen's check runs the same steps and stops before enrolling.
import { randomUUID } from 'node:crypto';
import type { SiteCheck, SiteCheckCode, SiteMembership, Words } from '../contract';
import { splitSiteUrl, type SiteConnectionOptions } from '../site-store/connection';
import { openEnrolment, type Enrolment } from '../site-store/enrolment';
import { SiteStoreError, type SiteStoreErrorCode } from '../site-store/errors';
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
  /** This PC's code at the site; the installation's current code when absent. */
  stationCode?: string;
  adminPin?: string;
  /** Connecting and each query give up after this (the setup screen waits no longer for its answer). */
  timeoutMs?: number;
}

/** What of the site store joining needs; the site store itself but in tests. */
export type JoinableSite = Pick<SiteStore, 'identity' | 'stationInstallation' | 'enrolStation' | 'close'>;
export type OpenSite = (options: SiteConnectionOptions) => JoinableSite;

const openSiteStore: OpenSite = (options) => SiteStore.open(options);

type Refusal = Extract<SiteCheckCode, 'invalid' | 'wrong-site' | 'demo-mismatch' | 'station-taken'>;

const refusalWords: Record<Refusal, Words> = {
  invalid: { vi: 'Địa chỉ máy chủ không đúng dạng postgres://người-dùng@máy-chủ:5432/cơ-sở-dữ-liệu.', en: 'The server address is not of the form postgres://user@host:5432/database.' },
  'wrong-site': { vi: 'Tệp đăng ký máy thuộc hệ thống khác, không phải máy chủ ở địa chỉ này.', en: 'The enrolment file belongs to another site than the server at this address.' },
  'demo-mismatch': {
    vi: 'Bản dùng thử chỉ tham gia được hệ thống dùng thử, bản chính thức chỉ tham gia hệ thống chính thức.',
    en: 'A demo installation joins demo sites only, a production installation production sites only.',
  },
  'station-taken': { vi: 'Mã máy này đã được một máy khác dùng trong hệ thống. Hãy chọn mã khác.', en: 'Another PC of this site already has this station code. Choose another.' },
};

/** A refusal finer than the site store's code (which the CLI reports), with words of its own. */
export class SiteJoinRefused extends SiteStoreError {
  constructor(
    readonly refusal: Refusal,
    code: SiteStoreErrorCode,
    detail: string,
  ) {
    super(code, detail);
    this.name = 'SiteJoinRefused';
  }

  override get words(): Words {
    return refusalWords[this.refusal];
  }
}

/** The check's or the join's code for a failure. */
export function siteCheckCodeOf(error: SiteStoreError): SiteCheckCode {
  return error instanceof SiteJoinRefused ? error.refusal : error.code;
}

interface CheckedSite {
  site: JoinableSite;
  enrolment: Enrolment;
  url: string;
  password: string | null;
  stationCode: string;
  installationId: string;
}

function urlOf(text: string): ReturnType<typeof splitSiteUrl> {
  try {
    return splitSiteUrl(text);
  } catch (error) {
    if (error instanceof SiteStoreError) throw new SiteJoinRefused('invalid', 'invalid', error.message);
    throw error;
  }
}

async function withCheckedSite<T>(settings: SettingsStore, request: JoinSiteRequest, open: OpenSite, then: (checked: CheckedSite) => Promise<T>): Promise<T> {
  const enrolment = openEnrolment(request.enrolment, request.passphrase);
  if (enrolment.demo !== request.demo) {
    throw new SiteJoinRefused('demo-mismatch', 'refused', enrolment.demo ? 'a demo site: only demo installations may join it (tiepdon setup --demo)' : 'a production site: a demo installation never joins it');
  }
  const { url, password } = urlOf(request.url);
  const current = settings.get();
  const stationCode = request.stationCode ?? current.stationCode;
  const installationId = current.site?.installationId ?? randomUUID();
  const limits = request.timeoutMs ? { connectTimeoutMs: request.timeoutMs, queryTimeoutMs: request.timeoutMs } : {};
  const site = open({ url, password, applicationName: `tiepdon setup ${stationCode}`, max: 1, ...limits });
  try {
    const identity = await site.identity();
    if (identity.siteId !== enrolment.siteId) throw new SiteJoinRefused('wrong-site', 'enrolment-invalid', 'that enrolment file belongs to another site than this URL');
    if (identity.demo !== request.demo) throw new SiteJoinRefused('demo-mismatch', 'refused', 'the site and the enrolment file disagree on demo');
    if (!new PiiCipher(enrolment.key).matchesKeyCheck(identity.keyCheck)) throw new SiteStoreError('wrong-key', 'the site has a newer key than that enrolment file');
    const owner = await site.stationInstallation(stationCode);
    if (owner !== null && owner !== installationId) throw new SiteJoinRefused('station-taken', 'refused', `station code ${stationCode} belongs to another installation of this site`);
    return await then({ site, enrolment, url, password, stationCode, installationId });
  } finally {
    await site.close();
  }
}

const reachedWords: Words = {
  vi: 'Đã kết nối hệ thống của bệnh viện: tệp đăng ký, mật khẩu và mã máy đều hợp lệ. Có thể tham gia.',
  en: "The hospital's site store answered: the enrolment file, passphrase and station code are right. You can join.",
};

/** Every step of joining but the enrolment, as words for the setup screen; nothing is written anywhere. */
export async function checkSite(settings: SettingsStore, request: JoinSiteRequest, open: OpenSite = openSiteStore): Promise<SiteCheck> {
  try {
    const { siteId, demo } = await withCheckedSite(settings, request, open, async ({ enrolment }) => enrolment);
    return { ok: true, code: 'ok', ...reachedWords, siteId, demo };
  } catch (error) {
    if (!(error instanceof SiteStoreError)) throw error;
    return { ok: false, code: siteCheckCodeOf(error), ...error.words, siteId: null, demo: null };
  }
}

export async function joinSite(settings: SettingsStore, request: JoinSiteRequest, clock: Clock, open: OpenSite = openSiteStore): Promise<SiteMembership> {
  // Before the site hears of this station: a wrong PIN must not leave it enrolled there.
  settings.authorize(request.adminPin);
  return withCheckedSite(settings, request, open, async ({ site, enrolment, url, password, stationCode, installationId }) => {
    await site.enrolStation(stationCode, installationId, request.demo);
    const membership: SiteMembership = { url, siteId: enrolment.siteId, installationId, demo: request.demo, enrolledAt: clock.now().toISOString() };
    settings.joinSite(membership, stationCode, enrolment.key, password, request.adminPin);
    return membership;
  });
}
