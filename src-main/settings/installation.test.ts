import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../dev/testing/fakes';
import { installationMode, InstallationError, modeDataDir, moveLegacyDemoData, setInstallationMode } from './installation';

const now = new Date('2026-12-01T08:00:00Z');

describe('an installation folder', () => {
  it('is production unless demo was chosen, and keeps the choice', () => {
    const root = tempDir();
    expect(installationMode(root)).toBe('production');
    setInstallationMode(root, 'demo');
    expect(installationMode(root)).toBe('demo');
    expect(modeDataDir(root, 'demo')).toBe(join(root, 'demo'));
    expect(modeDataDir(root, 'production')).toBe(root);
    setInstallationMode(root, 'production');
    expect(installationMode(root)).toBe('production');
  });

  it('moves the data of an always-demo version to demo/ once, so production starts empty', () => {
    const root = tempDir();
    for (const name of ['tiepdon.db', 'tiepdon.db-wal', 'master.key', 'settings.json']) writeFileSync(join(root, name), name);
    mkdirSync(join(root, 'trust'));
    mkdirSync(join(root, 'logs'));
    expect(moveLegacyDemoData(root, now)).toBe(true);
    for (const name of ['tiepdon.db', 'tiepdon.db-wal', 'master.key', 'settings.json', 'trust']) {
      expect(existsSync(join(root, name)), name).toBe(false);
      expect(existsSync(join(root, 'demo', name)), name).toBe(true);
    }
    expect(readFileSync(join(root, 'demo', 'master.key'), 'utf8')).toBe('master.key');
    expect(existsSync(join(root, 'logs'))).toBe(true);
    expect(installationMode(root)).toBe('production');
    expect(JSON.parse(readFileSync(join(root, 'installation.json'), 'utf8'))).toEqual({ mode: 'production', movedLegacyDemoAt: now.toISOString() });
    // A second start finds the marker and moves nothing, even when production has made its own files.
    writeFileSync(join(root, 'tiepdon.db'), 'production');
    expect(moveLegacyDemoData(root, now)).toBe(false);
    expect(readFileSync(join(root, 'tiepdon.db'), 'utf8')).toBe('production');
  });

  it('a fresh folder has nothing to move; a clash in demo/ stops with a clear error and moves nothing', () => {
    expect(moveLegacyDemoData(tempDir(), now)).toBe(false);
    const root = tempDir();
    writeFileSync(join(root, 'tiepdon.db'), 'old');
    writeFileSync(join(root, 'master.key'), 'old');
    mkdirSync(join(root, 'demo'));
    writeFileSync(join(root, 'demo', 'master.key'), 'other');
    expect(() => moveLegacyDemoData(root, now)).toThrow(InstallationError);
    expect(readFileSync(join(root, 'tiepdon.db'), 'utf8')).toBe('old');
  });

  it('a damaged marker is a clear error, never a silent fall-back to another mode', () => {
    const root = tempDir();
    writeFileSync(join(root, 'installation.json'), '{"mode":"staging"}');
    expect(() => installationMode(root)).toThrow(/damaged/);
  });
});
