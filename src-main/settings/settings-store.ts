// Desk settings in one JSON file in the app's data folder. Writes are atomic (temp file, fsync, rename) so
// a power cut never leaves half a file, and the file they replace is kept as `settings.json.last-good`. A
// damaged file is set aside as `settings.json.broken-<time>` and the last good copy used (with a notice);
// with no usable copy the store refuses to open, so a configured desk never falls back to first-run setup.
// Secrets are write-only: the gateway password is kept as the uppercase MD5 its login takes, the kiosk PIN
// as a salted scrypt hash; neither is ever returned to the UI.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { Settings, type SettingsPatch } from '../contract';
import { md5Upper } from '../insurance';
import { defaultServices } from './default-services';

const Secrets = z.object({ gatewayPasswordHash: z.string().nullable(), kioskPinHash: z.string().nullable() });
type Secrets = z.infer<typeof Secrets>;

export const defaultSettings: Settings = {
  language: 'vi',
  preferredReader: null,
  stationCode: 'A',
  gateway: { url: null, username: null, passwordSet: false },
  staff: null,
  services: defaultServices,
  retentionDays: 90,
  storePhotos: false,
  kiosk: { idleSeconds: 20, showPhoto: false, pinSet: false },
  printerName: null,
};

type Stored = { settings: Settings; secrets: Secrets };

/** Neither settings.json nor its last good copy can be read: IT staff must restore or re-run setup. */
export class SettingsDamagedError extends Error {
  override readonly name = 'SettingsDamagedError';
  readonly code = 'settings-damaged';
  constructor(readonly file: string) {
    super(`${file} is damaged and there is no usable last good copy`);
  }
}

function parseStored(text: string): Stored {
  const stored = z.object({ settings: Settings.partial(), secrets: Secrets }).parse(JSON.parse(text));
  return { settings: Settings.parse({ ...defaultSettings, ...stored.settings }), secrets: stored.secrets };
}

function readStored(file: string): Stored | null {
  try {
    return parseStored(readFileSync(file, 'utf8'));
  } catch {
    return null;
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

function hashPin(pin: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(pin, salt, 32).toString('hex')}`;
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
    now: () => Date = () => new Date(),
  ) {
    this.lastGood = `${file}.last-good`;
    const loaded = this.load(now);
    ({ settings: this.current, secrets: this.secrets } = loaded.stored);
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
    // What is in memory was read or written whole, so it is the last good copy of the file being replaced.
    if (existsSync(this.file)) writeAtomically(this.lastGood, JSON.stringify({ settings: this.current, secrets: this.secrets }, null, 2));
    writeAtomically(this.file, JSON.stringify({ settings: next, secrets }, null, 2));
    this.current = next;
    this.secrets = secrets;
    return this.get();
  }

  private load(now: () => Date): { stored: Stored; restored: boolean; brokenFile: string | null } {
    const missing = !existsSync(this.file);
    const stored = missing ? null : readStored(this.file);
    if (stored) return { stored, restored: false, brokenFile: null };
    const lastGood = existsSync(this.lastGood) ? readStored(this.lastGood) : null;
    if (missing && !lastGood) return { stored: { settings: structuredClone(defaultSettings), secrets: { gatewayPasswordHash: null, kioskPinHash: null } }, restored: false, brokenFile: null };
    // Damaged, or gone while its copy stayed: never the defaults (first-run setup) over a configured desk.
    if (!lastGood) throw new SettingsDamagedError(this.file);
    let brokenFile: string | null = null;
    if (!missing) {
      brokenFile = `${this.file}.broken-${now().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.file, brokenFile);
    }
    writeAtomically(this.file, JSON.stringify(lastGood, null, 2));
    return { stored: lastGood, restored: true, brokenFile };
  }
}
