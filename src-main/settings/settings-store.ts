// Desk settings in one JSON file in the app's data folder. Writes are atomic (temp file + rename) so a
// power cut never leaves half a file; a damaged file falls back to defaults and is kept aside for support.
// Secrets never enter that file: they live in the SecretVault, sealed by the installation's key, and are
// write-only — the gateway password as the uppercase MD5 its login takes, the PINs as salted scrypt hashes,
// the facility's PKCS#12 as given. None is ever returned to the UI.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { facilityOfUsername, md5Upper } from '../insurance';
import { Settings, type CertificateInfo, type Operator, type SettingsPatch } from '../contract';
import { defaultServices } from './default-services';
import { NO_SECRETS, type Secrets, type SecretVault } from './secret-vault';

/** A file written by an earlier version lacks the fields added since; they take their defaults. */
const StoredSettings = Settings.extend({ gateway: Settings.shape.gateway.partial(), kiosk: Settings.shape.kiosk.partial() }).partial();

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
  retentionDays: 90,
  retentionQuietHour: '02:00',
  storePhotos: false,
  kiosk: { idleSeconds: 20, showPhoto: false, pinSet: false, operatorId: null },
  printerName: null,
};

export type SettingsErrorCode = 'invalid' | 'admin-pin-required' | 'admin-pin-wrong';

/** A change refused, with the field at fault so the form can say so next to it. */
export class SettingsError extends Error {
  constructor(
    readonly code: SettingsErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SettingsError';
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
  };
}

/** Rules across fields that the schema alone cannot state. */
function checkConsistency(next: Settings): void {
  const ids = new Set<string>();
  next.operators.forEach((operator, index) => {
    if (ids.has(operator.idNumber)) throw new SettingsError('invalid', `operator ${index + 1}: this CCCD is already on the roster`, `operators.${index}.idNumber`);
    ids.add(operator.idNumber);
  });
  if (next.kiosk.operatorId && !ids.has(next.kiosk.operatorId)) throw new SettingsError('invalid', 'the kiosk operator must be on the roster', 'kiosk.operatorId');
  const fromUsername = next.gateway.username ? facilityOfUsername(next.gateway.username)?.maCSKCB : undefined;
  if (next.facility && fromUsername && fromUsername !== next.facility.code) {
    throw new SettingsError('invalid', `the gateway username ${next.gateway.username} belongs to facility ${fromUsername}, not ${next.facility.code}`, 'gateway.username');
  }
}

export class SettingsStore {
  private current: Settings;
  private secrets: Secrets;

  constructor(
    private readonly file: string,
    private readonly vault: SecretVault,
  ) {
    ({ settings: this.current, secrets: this.secrets } = this.load());
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** The MD5 of the gateway password, for the gateway client only. */
  gatewayPasswordHash(): string | null {
    return this.secrets.gatewayPasswordHash;
  }

  /** The facility's PKCS#12 and its password, for signing check-in reports only. */
  certificateFile(): { p12: Uint8Array; password: string } | null {
    const stored = this.secrets.certificate;
    return stored ? { p12: new Uint8Array(Buffer.from(stored.p12, 'base64')), password: stored.password } : null;
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
    const { gatewayPassword, kioskPin, newAdminPin, adminPin, gateway, kiosk, ...plain } = patch;
    const onlyLanguage = Object.keys(patch).every((key) => key === 'language' || key === 'adminPin');
    if (!onlyLanguage) this.authorize(adminPin);
    const secrets: Secrets = {
      ...this.secrets,
      gatewayPasswordHash: gatewayPassword ? md5Upper(gatewayPassword) : this.secrets.gatewayPasswordHash,
      kioskPinHash: kioskPin ? hashPin(kioskPin) : this.secrets.kioskPinHash,
      adminPinHash: newAdminPin ? hashPin(newAdminPin) : this.secrets.adminPinHash,
    };
    return this.commit(
      {
        ...this.current,
        ...plain,
        gateway: { ...this.current.gateway, ...gateway },
        kiosk: { ...this.current.kiosk, ...kiosk },
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
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify({ settings }, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
  }

  private load(): { settings: Settings; secrets: Secrets } {
    const secrets = this.vault.read();
    const empty = { settings: structuredClone(defaultSettings), secrets };
    if (!existsSync(this.file)) return empty;
    try {
      const stored = z.object({ settings: StoredSettings, secrets: LegacySecrets.optional() }).parse(JSON.parse(readFileSync(this.file, 'utf8')));
      const merged = Settings.parse({
        ...defaultSettings,
        ...stored.settings,
        gateway: { ...defaultSettings.gateway, ...stored.settings.gateway },
        kiosk: { ...defaultSettings.kiosk, ...stored.settings.kiosk },
      });
      if (!stored.secrets) return { settings: withSecretFlags(merged, secrets), secrets };
      // An older file kept its secrets in the clear: move them into the vault and rewrite the file without them.
      const moved: Secrets = { ...NO_SECRETS, ...secrets, ...Object.fromEntries(Object.entries(stored.secrets).filter(([, value]) => value !== undefined)) };
      const settings = withSecretFlags(merged, moved);
      this.vault.write(moved);
      this.writeSettings(settings);
      return { settings, secrets: moved };
    } catch {
      renameSync(this.file, `${this.file}.damaged-${Date.now()}`);
      return empty;
    }
  }
}
