import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testSettings } from '../dev/testing/fakes';
import { Secrets, SecretVault, VaultError } from './secret-vault';
import { defaultSettings, SettingsDamagedError, SettingsError, SettingsStore } from './settings-store';

const hoa = { fullName: 'Phạm Thị Hoa', idNumber: '001190000001' };
const minh = { fullName: 'Lê Minh Tuấn', idNumber: '079088000002' };

describe('SettingsStore', () => {
  it('starts from Vietnamese defaults when there is no file', () => {
    expect(testSettings(tempDir()).get()).toEqual(defaultSettings);
    expect(defaultSettings.language).toBe('vi');
  });

  it('writes atomically, leaving no temporary file', () => {
    const dir = tempDir();
    testSettings(dir).update({ preferredReader: 'Virtual PCD 00 00' });
    expect(readdirSync(dir).sort()).toEqual(['secrets.sealed', 'settings.json', 'test-master.key']);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).settings.preferredReader).toBe('Virtual PCD 00 00');
  });

  const settingsFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('settings.json')).sort();

  it('keeps the file it replaces as the last good copy', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    testSettings(dir).update({ preferredReader: 'Virtual PCD 00 00' });
    expect(settingsFiles(dir)).toEqual(['settings.json']);
    testSettings(dir).update({ stationCode: 'B' });
    expect(settingsFiles(dir)).toEqual(['settings.json', 'settings.json.last-good']);
    expect(JSON.parse(readFileSync(`${file}.last-good`, 'utf8')).settings).toMatchObject({ preferredReader: 'Virtual PCD 00 00', stationCode: 'A' });
  });

  it('sets a damaged file aside as settings.json.broken-<time> and opens on the last good copy, saying so', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    testSettings(dir).update({ stationCode: 'B' });
    testSettings(dir).update({ stationCode: 'C', kioskPin: '2468' });
    writeFileSync(file, '{"settings": {"language": "fr"');
    const store = testSettings(dir, () => new Date('2026-03-15T01:30:00.000Z'));
    expect(store.get().stationCode).toBe('B');
    expect(store.restoredFromLastGood).toBe(true);
    expect(store.brokenFile).toBe(`${file}.broken-2026-03-15T01-30-00-000Z`);
    expect(readFileSync(store.brokenFile!, 'utf8')).toBe('{"settings": {"language": "fr"');
    // Secrets live in the vault, so the PIN set after the last good copy is still there.
    expect(store.verifyKioskPin('2468')).toBe(true);
    expect(testSettings(dir).restoredFromLastGood).toBe(false);
    expect(testSettings(dir).get().stationCode).toBe('B');
  });

  it('opens on the last good copy when settings.json is gone', () => {
    const dir = tempDir();
    testSettings(dir).update({ stationCode: 'B' });
    testSettings(dir).update({ stationCode: 'C' });
    rmSync(join(dir, 'settings.json'));
    const store = testSettings(dir);
    expect([store.get().stationCode, store.restoredFromLastGood, store.brokenFile]).toEqual(['B', true, null]);
  });

  it('refuses to open a damaged file without a usable last good copy, leaving both as they are', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, '\u0000\u0000 not json');
    writeFileSync(`${file}.last-good`, '{"settings": 7}');
    expect(() => testSettings(dir)).toThrow(SettingsDamagedError);
    expect(readFileSync(file, 'utf8')).toBe('\u0000\u0000 not json');
    expect(settingsFiles(dir)).toEqual(['settings.json', 'settings.json.last-good']);
  });

  it('reads a file written before the check-in table and the purge hour existed, keeping its values', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    const old = structuredClone({ ...defaultSettings, retentionDays: 30, gateway: { ...defaultSettings.gateway, username: '01001_BV' } }) as Partial<typeof defaultSettings>;
    delete old.retentionQuietHour;
    delete (old.gateway as Partial<typeof defaultSettings.gateway>).checkInTable;
    writeFileSync(file, JSON.stringify({ settings: old, secrets: { gatewayPasswordHash: null, kioskPinHash: null } }));
    expect(testSettings(dir).get()).toMatchObject({ retentionDays: 30, retentionQuietHour: '02:00', gateway: { username: '01001_BV', checkInTable: 'qd3176' } });
    expect(existsSync(file)).toBe(true);
  });

  it('keeps secrets write-only and sealed: nothing of them in settings.json or in the vault file in the clear', () => {
    const dir = tempDir();
    const store = testSettings(dir);
    const shown = store.update({ gateway: { username: '01001_BV' }, gatewayPassword: 'tiepdon-demo', kioskPin: '2468', newAdminPin: '97531' });
    expect(shown.gateway).toEqual({ url: null, username: '01001_BV', checkInTable: 'qd3176', passwordSet: true });
    expect(shown.kiosk.pinSet).toBe(true);
    expect(shown.adminPinSet).toBe(true);
    expect(JSON.stringify(shown)).not.toContain('tiepdon-demo');
    const files = readFileSync(join(dir, 'settings.json'), 'utf8') + readFileSync(join(dir, 'secrets.sealed'), 'utf8');
    for (const secret of ['tiepdon-demo', '2468', '97531', store.gatewayPasswordHash()!]) expect(files).not.toContain(secret);
    const reopened = testSettings(dir);
    expect(reopened.gatewayPasswordHash()).toMatch(/^[0-9A-F]{32}$/);
    expect(reopened.verifyKioskPin('2468')).toBe(true);
    expect(reopened.verifyKioskPin('1357')).toBe(false);
  });

  it('the vault opens with its installation’s key only: another key is a clear error, never an empty vault', () => {
    const dir = tempDir();
    testSettings(dir).update({ gatewayPassword: 'tiepdon-demo' });
    expect(() => new SettingsStore(join(dir, 'settings.json'), new SecretVault(join(dir, 'secrets.sealed'), randomBytes(32)))).toThrow(VaultError);
  });

  it('moves the secrets an older settings file kept in the clear into the vault', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ settings: { stationCode: 'B' }, secrets: { gatewayPasswordHash: 'ABCDEF0123456789ABCDEF0123456789', kioskPinHash: null } }));
    const store = testSettings(dir);
    expect(store.gatewayPasswordHash()).toBe('ABCDEF0123456789ABCDEF0123456789');
    expect(store.get()).toMatchObject({ stationCode: 'B', gateway: { passwordSet: true } });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('ABCDEF0123456789');
  });

  it('rejects an invalid update with its field, and keeps the previous value', () => {
    const store = testSettings(tempDir());
    expect(() => store.update({ stationCode: 'toolong' })).toThrow(expect.objectContaining({ field: 'stationCode' }));
    expect(store.get().stationCode).toBe('A');
  });

  it('the roster: no CCCD twice; the kiosk operator must be on it; the facility matches the username', () => {
    const store = testSettings(tempDir());
    expect(store.update({ operators: [hoa, minh] }).operators).toEqual([hoa, minh]);
    expect(() => store.update({ operators: [hoa, { ...minh, idNumber: hoa.idNumber }] })).toThrow(expect.objectContaining({ field: 'operators.1.idNumber' }));
    expect(() => store.update({ kiosk: { operatorId: '001190000009' } })).toThrow(expect.objectContaining({ field: 'kiosk.operatorId' }));
    expect(store.update({ kiosk: { operatorId: minh.idNumber } }).kiosk.operatorId).toBe(minh.idNumber);
    expect(() => store.update({ facility: { code: '79001', name: 'BV' }, gateway: { username: '01001_BV' } })).toThrow(expect.objectContaining({ field: 'gateway.username' }));
    expect(store.operator(minh.idNumber)).toEqual(minh);
    expect(store.operator('001190000009')).toBeNull();
  });

  it('counters: named for the display, no code twice, names required; a skip moves back 1 to 20 places', () => {
    const store = testSettings(tempDir());
    expect(store.get().counters.find((counter) => counter.code === 'P101')?.name).toEqual({ vi: 'Phòng 101', en: 'Room 101' });
    const ent = { code: 'P105', name: { vi: 'Phòng 105 — Tai Mũi Họng', en: 'Room 105 — ENT' } };
    expect(store.update({ counters: [ent], queueSkipPlaces: 1 })).toMatchObject({ counters: [ent], queueSkipPlaces: 1 });
    expect(() => store.update({ counters: [ent, { ...ent, name: { vi: 'Khác', en: 'Other' } }] })).toThrow(expect.objectContaining({ field: 'counters.1.code' }));
    expect(() => store.update({ counters: [{ ...ent, name: { vi: ' ', en: 'x' } }] })).toThrow(expect.objectContaining({ field: 'counters.0.name.vi' }));
    expect(() => store.update({ queueSkipPlaces: 0 })).toThrow(expect.objectContaining({ field: 'queueSkipPlaces' }));
    expect(store.get()).toMatchObject({ counters: [ent], queueSkipPlaces: 1 });
  });

  it('once an administrator PIN is set, every change but the language needs it', () => {
    const store = testSettings(tempDir());
    store.update({ newAdminPin: '97531', stationCode: 'B' });
    expect(() => store.update({ stationCode: 'C' })).toThrow(new SettingsError('admin-pin-required', 'the administrator’s PIN is needed for this change', 'adminPin'));
    expect(() => store.update({ stationCode: 'C', adminPin: '11111' })).toThrow(expect.objectContaining({ code: 'admin-pin-wrong' }));
    expect(store.update({ language: 'en' }).language).toBe('en');
    expect(store.update({ stationCode: 'C', adminPin: '97531' }).stationCode).toBe('C');
    expect(store.get().stationCode).toBe('C');
  });
});

describe('SettingsStore: the hand-over to the HIS', () => {
  it('keeps the token sealed in the vault (never in settings.json) and says only that one is set', () => {
    const dir = tempDir();
    const settings = testSettings(dir).update({ his: { fhirBaseUrl: 'https://his.benhvien.vn/fhir', auth: 'bearer' }, hisSecret: 'his-secret-token-123' });
    expect(settings.his).toMatchObject({ fhirBaseUrl: 'https://his.benhvien.vn/fhir', auth: 'bearer', secretSet: true, includePhoto: false, export: { folder: null, format: 'fhir', everyMinutes: 15 } });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('his-secret-token-123');
    expect(readFileSync(join(dir, 'secrets.sealed'), 'utf8')).not.toContain('his-secret-token-123');
    const reopened = testSettings(dir);
    expect(reopened.hisSecret()).toBe('his-secret-token-123');
    // A partial change keeps the rest, the export's fields included; "no auth" forgets the token.
    const next = reopened.update({ his: { export: { folder: '/srv/his-import' } } });
    expect(next.his).toMatchObject({ fhirBaseUrl: 'https://his.benhvien.vn/fhir', export: { folder: '/srv/his-import', format: 'fhir', everyMinutes: 15 } });
    expect(reopened.update({ his: { auth: 'none' } }).his.secretSet).toBe(false);
    expect(reopened.hisSecret()).toBeNull();
  });

  it('refuses an http address off this machine, basic auth without a user name, and a CA that is not a certificate, naming the field', () => {
    const store = testSettings(tempDir());
    const refusal = (patch: Parameters<typeof store.update>[0]) => {
      try {
        store.update(patch);
      } catch (error) {
        return error instanceof SettingsError ? error.field : 'not a SettingsError';
      }
      return 'accepted';
    };
    expect(refusal({ his: { fhirBaseUrl: 'http://his.benhvien.vn/fhir' } })).toBe('his.fhirBaseUrl');
    expect(refusal({ his: { fhirBaseUrl: 'http://127.0.0.1:8080/fhir' } })).toBe('accepted');
    expect(refusal({ his: { fhirBaseUrl: 'https://his.benhvien.vn/fhir', auth: 'basic', username: null } })).toBe('his.username');
    expect(refusal({ his: { caPem: '-----BEGIN CERTIFICATE-----\nnot one\n-----END CERTIFICATE-----' } })).toBe('his.caPem');
    expect(refusal({ his: { caPem: readFileSync(new URL('../../fixtures/pki/test-csca.pem', import.meta.url), 'utf8') } })).toBe('accepted');
  });

  it('opens a vault and a settings file written before the HIS settings existed', () => {
    const dir = tempDir();
    const store = testSettings(dir);
    store.update({ stationCode: 'B' });
    const file = join(dir, 'settings.json');
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    delete stored.settings.his;
    writeFileSync(file, JSON.stringify(stored));
    // What a vault of that version holds parses with no HIS secret.
    expect(Secrets.parse({ gatewayPasswordHash: null, kioskPinHash: null, adminPinHash: null, certificate: null }).hisSecret).toBeNull();
    const reopened = testSettings(dir);
    expect(reopened.get().his).toEqual(defaultSettings.his);
    expect(reopened.get().stationCode).toBe('B');
  });
});
