// Desk settings in one JSON file in the app's data folder. Writes are atomic (temp file + rename) so a
// power cut never leaves half a file; a damaged file falls back to defaults and is kept aside for support.
// Secrets are write-only: the gateway password is kept as the uppercase MD5 its login takes, the kiosk PIN
// as a salted scrypt hash; neither is ever returned to the UI.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { Settings, type SettingsPatch } from '../contract';
import { md5Upper } from '../insurance';
import { defaultServices } from './default-services';

const Secrets = z.object({ gatewayPasswordHash: z.string().nullable(), kioskPinHash: z.string().nullable() });
type Secrets = z.infer<typeof Secrets>;
/** A file written by an earlier version lacks the fields added since; they take their defaults. */
const StoredSettings = Settings.extend({ gateway: Settings.shape.gateway.partial() }).partial();

export const defaultSettings: Settings = {
  language: 'vi',
  preferredReader: null,
  stationCode: 'A',
  gateway: { url: null, username: null, passwordSet: false, checkInTable: 'qd3176' },
  staff: null,
  services: defaultServices,
  retentionDays: 90,
  retentionQuietHour: '02:00',
  storePhotos: false,
  kiosk: { idleSeconds: 20, showPhoto: false, pinSet: false },
  printerName: null,
};

function hashPin(pin: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(pin, salt, 32).toString('hex')}`;
}

export class SettingsStore {
  private current: Settings;
  private secrets: Secrets;

  constructor(private readonly file: string) {
    ({ settings: this.current, secrets: this.secrets } = this.load());
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** The MD5 of the gateway password, for the gateway client only. */
  gatewayPasswordHash(): string | null {
    return this.secrets.gatewayPasswordHash;
  }

  verifyKioskPin(pin: string): boolean {
    const stored = this.secrets.kioskPinHash;
    if (!stored) return false;
    const [salt, hash] = stored.split(':');
    const given = scryptSync(pin, Buffer.from(salt!, 'hex'), 32);
    return timingSafeEqual(given, Buffer.from(hash!, 'hex'));
  }

  update(patch: SettingsPatch): Settings {
    const { gatewayPassword, kioskPin, gateway, kiosk, ...plain } = patch;
    const secrets: Secrets = {
      gatewayPasswordHash: gatewayPassword ? md5Upper(gatewayPassword) : this.secrets.gatewayPasswordHash,
      kioskPinHash: kioskPin ? hashPin(kioskPin) : this.secrets.kioskPinHash,
    };
    const next = Settings.parse({
      ...this.current,
      ...plain,
      gateway: { ...this.current.gateway, ...gateway, passwordSet: secrets.gatewayPasswordHash !== null },
      kiosk: { ...this.current.kiosk, ...kiosk, pinSet: secrets.kioskPinHash !== null },
    });
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify({ settings: next, secrets }, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
    this.current = next;
    this.secrets = secrets;
    return this.get();
  }

  private load(): { settings: Settings; secrets: Secrets } {
    const empty = { settings: structuredClone(defaultSettings), secrets: { gatewayPasswordHash: null, kioskPinHash: null } };
    if (!existsSync(this.file)) return empty;
    try {
      const stored = z.object({ settings: StoredSettings, secrets: Secrets }).parse(JSON.parse(readFileSync(this.file, 'utf8')));
      const gateway = { ...defaultSettings.gateway, ...stored.settings.gateway };
      return { settings: Settings.parse({ ...defaultSettings, ...stored.settings, gateway }), secrets: stored.secrets };
    } catch {
      renameSync(this.file, `${this.file}.damaged-${Date.now()}`);
      return empty;
    }
  }
}
