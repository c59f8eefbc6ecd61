import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fakes';
import { defaultSettings, SettingsDamagedError, SettingsStore } from './settings-store';

describe('SettingsStore', () => {
  it('starts from Vietnamese defaults when there is no file', () => {
    expect(new SettingsStore(join(tempDir(), 'settings.json')).get()).toEqual(defaultSettings);
    expect(defaultSettings.language).toBe('vi');
  });

  it('writes atomically, leaving no temporary file, and keeps the file it replaces as the last good copy', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    new SettingsStore(file).update({ preferredReader: 'Virtual PCD 00 00' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    new SettingsStore(file).update({ stationCode: 'B' });
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.last-good']);
    expect(JSON.parse(readFileSync(file, 'utf8')).settings).toMatchObject({ preferredReader: 'Virtual PCD 00 00', stationCode: 'B' });
    expect(JSON.parse(readFileSync(`${file}.last-good`, 'utf8')).settings).toMatchObject({ preferredReader: 'Virtual PCD 00 00', stationCode: 'A' });
  });

  it('sets a damaged file aside as settings.json.broken-<time> and opens on the last good copy, saying so', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    new SettingsStore(file).update({ stationCode: 'B' });
    new SettingsStore(file).update({ stationCode: 'C', kioskPin: '2468' });
    writeFileSync(file, '{"settings": {"language": "fr"');
    const store = new SettingsStore(file, () => new Date('2026-03-15T01:30:00.000Z'));
    expect(store.get().stationCode).toBe('B');
    expect(store.restoredFromLastGood).toBe(true);
    expect(store.brokenFile).toBe(`${file}.broken-2026-03-15T01-30-00-000Z`);
    expect(readFileSync(store.brokenFile!, 'utf8')).toBe('{"settings": {"language": "fr"');
    // The copy is in place again: the next start is an ordinary one.
    expect(new SettingsStore(file).restoredFromLastGood).toBe(false);
    expect(new SettingsStore(file).get().stationCode).toBe('B');
  });

  it('opens on the last good copy when settings.json is gone', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    new SettingsStore(file).update({ stationCode: 'B' });
    new SettingsStore(file).update({ stationCode: 'C' });
    rmSync(file);
    const store = new SettingsStore(file);
    expect([store.get().stationCode, store.restoredFromLastGood, store.brokenFile]).toEqual(['B', true, null]);
  });

  it('refuses to open a damaged file without a usable last good copy, leaving both as they are', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, '\u0000\u0000 not json');
    writeFileSync(`${file}.last-good`, '{"settings": 7}');
    expect(() => new SettingsStore(file)).toThrow(SettingsDamagedError);
    expect(readFileSync(file, 'utf8')).toBe('\u0000\u0000 not json');
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.last-good']);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('keeps secrets write-only: the gateway password as uppercase MD5, the kiosk PIN as a salted hash', () => {
    const dir = tempDir();
    const store = new SettingsStore(join(dir, 'settings.json'));
    const shown = store.update({ gateway: { username: '01001_BV' }, gatewayPassword: 'tiepdon-demo', kioskPin: '2468' });
    expect(shown.gateway).toEqual({ url: null, username: '01001_BV', passwordSet: true });
    expect(shown.kiosk.pinSet).toBe(true);
    expect(JSON.stringify(shown)).not.toContain('tiepdon-demo');
    const file = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(file).not.toContain('tiepdon-demo');
    expect(file).not.toContain('2468');
    const reopened = new SettingsStore(join(dir, 'settings.json'));
    expect(reopened.gatewayPasswordHash()).toMatch(/^[0-9A-F]{32}$/);
    expect(reopened.verifyKioskPin('2468')).toBe(true);
    expect(reopened.verifyKioskPin('1357')).toBe(false);
  });

  it('rejects an invalid update and keeps the previous value', () => {
    const store = new SettingsStore(join(tempDir(), 'settings.json'));
    expect(() => store.update({ stationCode: 'toolong' })).toThrow();
    expect(store.get().stationCode).toBe('A');
  });
});
