import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder';

describe('electron-builder configuration', () => {
  it('states every fuse explicitly, with the hardened values', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds NSIS for Windows and deb + AppImage for Linux', () => {
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux?.target).toEqual(['deb', 'AppImage']);
  });

  it('ships the default trust list, without which production refuses to start', () => {
    expect(config.files).toEqual(expect.arrayContaining(['resources/trust/**']));
  });

  it('packs into asar and unpacks both native modules', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/smartcard/**']));
  });
});
