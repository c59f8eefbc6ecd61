// Desk settings in one JSON file in the app's data folder. Writes are atomic (temp file, fsync, rename) so
// a power cut never leaves half a file, and the file they replace is kept as `settings.json.last-good`. A
// damaged file is set aside as `settings.json.broken-<time>` and the last good copy used (with a notice);
// with no usable copy the store refuses to open, so a configured desk never falls back to first-run setup.
// Secrets never enter that file: they live in the SecretVault, sealed by the installation's key, and are
// write-only — the gateway password as the uppercase MD5 its login takes, the PINs as salted scrypt hashes,
// the facility's PKCS#12 as given, the HIS's token or password as given. None is ever returned to the UI.
import { CodedError, type Words } from '../contract/errors';
import { randomBytes, scryptSync, timingSafeEqual, X509Certificate } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { facilityOfUsername, md5Upper } from '../insurance';
import { Settings, type CertificateInfo, type Operator, type SettingsPatch, type SiteMembership } from '../contract';
import { defaultCounters, defaultServices } from './default-services';
import { NO_SECRETS, type Secrets, type SecretVault } from './secret-vault';

/** A file written by an earlier version lacks the fields added since; they take their defaults. */
const StoredSettings = Settings.extend({
  gateway: Settings.shape.gateway.partial(),
  kiosk: Settings.shape.kiosk.partial(),
  his: Settings.shape.his.extend({ export: Settings.shape.his.shape.export.partial() }).partial(),
}).partial();

export const defaultSettings: Settings = {
  language: 'vi',
  preferredReader: null,
  stationCode: 'A',
  gateway: { url: null, username: null, passwordSet: false, checkInTable: 'qd3176' },
  facility: null,
  operators: [],
  operatorLockMinutes: 15,
  certificate: null,
  adminPinSet: false,
  services: defaultServices,
  counters: defaultCounters,
  queueSkipPlaces: 3,
  display: { counters: [], services: [], recent: 4 },
  retentionDays: 90,
  retentionQuietHour: '02:00',
  storePhotos: false,
  kiosk: { idleSeconds: 20, showPhoto: false, pinSet: false, operatorId: null },
  printerName: null,
  site: null,
  his: { fhirBaseUrl: null, auth: 'none', username: null, secretSet: false, caPem: null, includePhoto: false, export: { folder: null, format: 'fhir', everyMinutes: 15 } },
};

/** Neither settings.json nor its last good copy can be read: IT staff must restore or re-run setup. */
export class SettingsDamagedError extends CodedError {
  override readonly name = 'SettingsDamagedError';
  readonly code = 'settings-damaged';
  constructor(readonly file: string) {
    super(`${file} is damaged and there is no usable last good copy`);
  }

  get words(): Words {
    return { vi: 'Tệp cài đặt bị hỏng và không có bản sao dùng được.', en: 'The settings file is damaged and there is no usable copy.' };
  }

  get retryable(): boolean {
    return false;
  }
}

/** Temp file in the same folder, flushed to disk, then renamed over `file`: all of it or none. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

export type SettingsErrorCode = 'invalid' | 'admin-pin-required' | 'admin-pin-wrong';

const settingsWords: Record<SettingsErrorCode, Words> = {
  invalid: { vi: 'Giá trị cài đặt không hợp lệ.', en: 'The setting is not valid.' },
  'admin-pin-required': { vi: 'Cần mã PIN quản trị cho thay đổi này.', en: 'This change needs the administrator PIN.' },
  'admin-pin-wrong': { vi: 'Sai mã PIN quản trị.', en: 'Wrong administrator PIN.' },
};

/** A change refused, with the field at fault so the form can say so next to it. */
export class SettingsError extends CodedError {
  constructor(
    readonly code: SettingsErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }

  get words(): Words {
    return settingsWords[this.code];
  }

  get retryable(): boolean {
    return false;
  }
}

function hashPin(pin: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(pin, salt, 32).toString('hex')}`;
}

function pinMatches(stored: string | null, pin: string): boolean {
  if (!stored) return false;
  const [salt, hash] = stored.split(':');
  return timingSafeEqual(scryptSync(pin, Buffer.from(salt!, 'hex'), 32), Buffer.from(hash!, 'hex'));
}

/** The settings file of versions that kept secrets in it, in the clear. */
const LegacySecrets = z.object({ gatewayPasswordHash: z.string().nullable(), kioskPinHash: z.string().nullable() }).partial();

/** What the settings say about secrets follows the vault, never the file. */
function withSecretFlags(settings: Settings, secrets: Secrets): Settings {
  return {
    ...settings,
    gateway: { ...settings.gateway, passwordSet: secrets.gatewayPasswordHash !== null },
    kiosk: { ...settings.kiosk, pinSet: secrets.kioskPinHash !== null },
    adminPinSet: secrets.adminPinHash !== null,
    his: { ...settings.his, secretSet: secrets.hisSecret !== null },
  };
}

const isLoopbackHost = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Rules across fields that the schema alone cannot state. */
function checkConsistency(next: Settings): void {
  const ids = new Set<string>();
  next.operators.forEach((operator, index) => {
    if (ids.has(operator.idNumber)) throw new SettingsError('invalid', `operator ${index + 1}: this CCCD is already on the roster`, `operators.${index}.idNumber`);
    ids.add(operator.idNumber);
  });
  const counters = new Set<string>();
  next.counters.forEach((counter, index) => {
    if (counters.has(counter.code)) throw new SettingsError('invalid', `counter ${index + 1}: the code ${counter.code} is already used`, `counters.${index}.code`);
    counters.add(counter.code);
  });
  if (next.kiosk.operatorId && !ids.has(next.kiosk.operatorId)) throw new SettingsError('invalid', 'the kiosk operator must be on the roster', 'kiosk.operatorId');
  const { his } = next;
  if (his.fhirBaseUrl) {
    const url = new URL(his.fhirBaseUrl);
    // Patient data crosses the hospital's network: in the clear only to this machine.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new SettingsError('invalid', 'the HIS address must be https (http only for 127.0.0.1)', 'his.fhirBaseUrl');
    }
    if (his.auth === 'basic' && !his.username) throw new SettingsError('invalid', 'basic authentication needs a user name', 'his.username');
  }
  if (his.caPem) {
    try {
      new X509Certificate(his.caPem);
    } catch {
      throw new SettingsError('invalid', 'the HIS CA is not a PEM certificate', 'his.caPem');
    }
  }
  const fromUsername = next.gateway.username ? facilityOfUsername(next.gateway.username)?.maCSKCB : undefined;
  if (next.facility && fromUsername && fromUsername !== next.facility.code) {
    throw new SettingsError('invalid', `the gateway username ${next.gateway.username} belongs to facility ${fromUsername}, not ${next.facility.code}`, 'gateway.username');
  }
}

export class SettingsStore {
  private current: Settings;
  private secrets: Secrets;
  /** The last good copy was used on opening (the file was damaged or missing): the UI says so. */
  readonly restoredFromLastGood: boolean;
  /** Where a damaged file was set aside on opening, for IT staff; null otherwise. */
  readonly brokenFile: string | null;
  private readonly lastGood: string;

  constructor(
    private readonly file: string,
    private readonly vault: SecretVault,
    now: () => Date = () => new Date(),
  ) {
    this.lastGood = `${file}.last-good`;
    const loaded = this.load(now);
    ({ settings: this.current, secrets: this.secrets } = loaded);
    this.restoredFromLastGood = loaded.restored;
    this.brokenFile = loaded.brokenFile;
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** The MD5 of the gateway password, for the gateway client only. */
  gatewayPasswordHash(): string | null {
    return this.secrets.gatewayPasswordHash;
  }

  /** The HIS's bearer token or basic-auth password, for the FHIR client only. */
  hisSecret(): string | null {
    return this.secrets.hisSecret;
  }

  /** The facility's PKCS#12 and its password, for signing check-in reports only. */
  certificateFile(): { p12: Uint8Array; password: string } | null {
    const stored = this.secrets.certificate;
    return stored ? { p12: new Uint8Array(Buffer.from(stored.p12, 'base64')), password: stored.password } : null;
  }

  /** The site key and the site store's password, for the site link only. */
  siteSecrets(): { key: Uint8Array; password: string | null } | null {
    const stored = this.secrets.site;
    return stored ? { key: new Uint8Array(Buffer.from(stored.key, 'base64')), password: stored.password } : null;
  }

  /** Joining a site (setup): where it is and the code enrolled there, and its key and password into the vault. */
  joinSite(membership: SiteMembership, stationCode: string, key: Uint8Array, password: string | null, adminPin: string | undefined): Settings {
    this.authorize(adminPin);
    return this.commit({ ...this.current, site: membership, stationCode }, { ...this.secrets, site: { key: Buffer.from(key).toString('base64'), password } });
  }

  verifyKioskPin(pin: string): boolean {
    return pinMatches(this.secrets.kioskPinHash, pin);
  }

  /** Once an administrator's PIN is set, it guards every change but the language. */
  authorize(pin: string | undefined): void {
    if (!this.secrets.adminPinHash) return;
    if (pin === undefined || pin === '') throw new SettingsError('admin-pin-required', 'the administrator’s PIN is needed for this change', 'adminPin');
    if (!pinMatches(this.secrets.adminPinHash, pin)) throw new SettingsError('admin-pin-wrong', 'wrong administrator PIN', 'adminPin');
  }

  operator(idNumber: string): Operator | null {
    return this.current.operators.find((operator) => operator.idNumber === idNumber) ?? null;
  }

  update(patch: SettingsPatch): Settings {
    const { gatewayPassword, kioskPin, newAdminPin, adminPin, gateway, kiosk, his, hisSecret, ...plain } = patch;
    const onlyLanguage = Object.keys(patch).every((key) => key === 'language' || key === 'adminPin');
    if (!onlyLanguage) this.authorize(adminPin);
    const secrets: Secrets = {
      ...this.secrets,
      gatewayPasswordHash: gatewayPassword ? md5Upper(gatewayPassword) : this.secrets.gatewayPasswordHash,
      kioskPinHash: kioskPin ? hashPin(kioskPin) : this.secrets.kioskPinHash,
      adminPinHash: newAdminPin ? hashPin(newAdminPin) : this.secrets.adminPinHash,
      // No authentication any more: the old token or password is not kept.
      hisSecret: his?.auth === 'none' ? null : (hisSecret ?? this.secrets.hisSecret),
    };
    return this.commit(
      {
        ...this.current,
        ...plain,
        gateway: { ...this.current.gateway, ...gateway },
        kiosk: { ...this.current.kiosk, ...kiosk },
        his: { ...this.current.his, ...his, export: { ...this.current.his.export, ...his?.export } },
      },
      secrets,
    );
  }

  /** A new signing certificate (setup, or renewal): the file and its password go to the vault. */
  setCertificate(p12: Uint8Array, password: string, info: CertificateInfo, adminPin: string | undefined): Settings {
    this.authorize(adminPin);
    return this.commit({ ...this.current, certificate: info }, { ...this.secrets, certificate: { p12: Buffer.from(p12).toString('base64'), password } });
  }

  private commit(candidate: Settings, secrets: Secrets): Settings {
    const parsed = Settings.safeParse(withSecretFlags(candidate, secrets));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SettingsError('invalid', issue?.message ?? 'invalid settings', issue?.path.join('.'));
    }
    const next = parsed.data;
    checkConsistency(next);
    // Secrets first: settings that say "password set" must never point at a vault without it.
    this.vault.write(secrets);
    this.writeSettings(next);
    this.current = next;
    this.secrets = secrets;
    return this.get();
  }

  private writeSettings(settings: Settings): void {
    mkdirSync(dirname(this.file), { recursive: true });
    // What is in memory was read or written whole, so it is the last good copy of the file being replaced.
    if (existsSync(this.file) && this.current) writeAtomically(this.lastGood, JSON.stringify({ settings: this.current }, null, 2));
    writeAtomically(this.file, JSON.stringify({ settings }, null, 2));
  }

  /** A settings file as written by this or an earlier version (with its secrets in the clear then). */
  private parse(file: string): { settings: Settings; legacySecrets: z.infer<typeof LegacySecrets> | undefined } | null {
    try {
      const stored = z.object({ settings: StoredSettings, secrets: LegacySecrets.optional() }).parse(JSON.parse(readFileSync(file, 'utf8')));
      const settings = Settings.parse({
        ...defaultSettings,
        ...stored.settings,
        gateway: { ...defaultSettings.gateway, ...stored.settings.gateway },
        kiosk: { ...defaultSettings.kiosk, ...stored.settings.kiosk },
        his: { ...defaultSettings.his, ...stored.settings.his, export: { ...defaultSettings.his.export, ...stored.settings.his?.export } },
      });
      return { settings, legacySecrets: stored.secrets };
    } catch {
      return null;
    }
  }

  private load(now: () => Date): { settings: Settings; secrets: Secrets; restored: boolean; brokenFile: string | null } {
    const secrets = this.vault.read();
    const missing = !existsSync(this.file);
    let read = missing ? null : this.parse(this.file);
    let restored = false;
    let brokenFile: string | null = null;
    if (!read) {
      const lastGood = existsSync(this.lastGood) ? this.parse(this.lastGood) : null;
      if (missing && !lastGood) return { settings: withSecretFlags(structuredClone(defaultSettings), secrets), secrets, restored: false, brokenFile: null };
      // Damaged, or gone while its copy stayed: never the defaults (first-run setup) over a configured desk.
      if (!lastGood) throw new SettingsDamagedError(this.file);
      if (!missing) {
        brokenFile = `${this.file}.broken-${now().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(this.file, brokenFile);
      }
      read = lastGood;
      restored = true;
      // The copy goes back in place: the next start is an ordinary one.
      writeAtomically(this.file, JSON.stringify({ settings: withSecretFlags(read.settings, secrets) }, null, 2));
    }
    if (!read.legacySecrets) return { settings: withSecretFlags(read.settings, secrets), secrets, restored, brokenFile };
    // An older file kept its secrets in the clear: move them into the vault and rewrite the file without them.
    const moved: Secrets = { ...NO_SECRETS, ...secrets, ...Object.fromEntries(Object.entries(read.legacySecrets).filter(([, value]) => value !== undefined)) };
    const settings = withSecretFlags(read.settings, moved);
    this.vault.write(moved);
    writeAtomically(this.file, JSON.stringify({ settings }, null, 2));
    return { settings, secrets: moved, restored, brokenFile };
  }
}
