import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fakes';
import { defaultSettings, SettingsStore } from './settings-store';

describe('SettingsStore', () => {
  it('starts from Vietnamese defaults when there is no file', () => {
    expect(new SettingsStore(join(tempDir(), 'settings.json')).get()).toEqual(defaultSettings);
    expect(defaultSettings.language).toBe('vi');
  });

  it('writes atomically, leaving no temporary file', () => {
    const dir = tempDir();
    new SettingsStore(join(dir, 'settings.json')).update({ preferredReader: 'Virtual PCD 00 00' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings.preferredReader).toBe('Virtual PCD 00 00');
  });

  it('sets a damaged file aside and falls back to defaults', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"language": "fr"');
    expect(new SettingsStore(file).get()).toEqual(defaultSettings);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.damaged-'))).toBe(true);
  });

  it('reads a file written before the check-in table and the purge hour existed, keeping its values', () => {
    const file = join(tempDir(), 'settings.json');
    const old = structuredClone({ ...defaultSettings, retentionDays: 30, gateway: { ...defaultSettings.gateway, username: '01001_BV' } }) as Partial<typeof defaultSettings>;
    delete old.retentionQuietHour;
    delete (old.gateway as Partial<typeof defaultSettings.gateway>).checkInTable;
    writeFileSync(file, JSON.stringify({ settings: old, secrets: { gatewayPasswordHash: null, kioskPinHash: null } }));
    expect(new SettingsStore(file).get()).toMatchObject({ retentionDays: 30, retentionQuietHour: '02:00', gateway: { username: '01001_BV', checkInTable: 'qd3176' } });
    expect(existsSync(file)).toBe(true);
  });

  it('keeps secrets write-only: the gateway password as uppercase MD5, the kiosk PIN as a salted hash', () => {
    const dir = tempDir();
    const store = new SettingsStore(join(dir, 'settings.json'));
    const shown = store.update({ gateway: { username: '01001_BV' }, gatewayPassword: 'tiepdon-demo', kioskPin: '2468' });
    expect(shown.gateway).toEqual({ url: null, username: '01001_BV', checkInTable: 'qd3176', passwordSet: true });
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
