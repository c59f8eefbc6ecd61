// Desk settings in one JSON file in the app's data folder. Writes are atomic (temp file + rename) so a
// power cut never leaves half a file; a damaged file falls back to defaults and is kept aside for support.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Settings, type SettingsPatch } from '../contract';

export const defaultSettings: Settings = {
  language: 'vi',
  preferredReader: null,
  stationCode: 'A',
};

export class SettingsStore {
  private current: Settings;

  constructor(private readonly file: string) {
    this.current = this.load();
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: SettingsPatch): Settings {
    const next = Settings.parse({ ...this.current, ...patch });
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
    this.current = next;
    return this.get();
  }

  private load(): Settings {
    if (!existsSync(this.file)) return { ...defaultSettings };
    try {
      const parsed = Settings.partial().parse(JSON.parse(readFileSync(this.file, 'utf8')));
      return { ...defaultSettings, ...parsed };
    } catch {
      renameSync(this.file, `${this.file}.damaged-${Date.now()}`);
      return { ...defaultSettings };
    }
  }
}
