import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder';
import { demoResources } from '../../demo/demo';

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

describe('what the installer holds (electron-builder cannot run here: it downloads Electron)', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const repositoryFiles = (execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean));
  const built = ['out/main/index.js', 'out/main/chunks/demo-abc.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index.js', 'out/main/index.js.map'];

  /** electron-builder's rule: a file is in when it matches an include and no later `!` exclude. */
  const selected = (patterns: string[], files: string[]) =>
    files.filter((file) => patterns.reduce((inside, pattern) => (pattern.startsWith('!') ? inside && !minimatch(file, pattern.slice(1), { dot: true }) : inside || minimatch(file, pattern, { dot: true })), false));

  it('the app itself is the build output, package.json and the default trust list: no sources, tests or fixtures', () => {
    const app = selected(config.files as string[], [...repositoryFiles, ...built]);
    expect(app).toEqual(expect.arrayContaining(['package.json', 'out/main/index.js', 'out/main/chunks/demo-abc.js', 'out/preload/index.cjs', 'out/renderer/index.html']));
    expect(app).toEqual(expect.arrayContaining(['resources/trust/vn-csca-epassport-2022.pem', 'resources/trust/de-masterlist-2026-02.ml']));
    expect(app.filter((file) => !file.startsWith('out/') && !file.startsWith('resources/trust/') && file !== 'package.json')).toEqual([]);
    expect(app.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('the demo resources are everything the demo reads and no signing key of the test PKI', () => {
    const [demo] = config.extraResources as { from: string; to: string; filter: string[] }[];
    expect(demo).toMatchObject({ from: 'fixtures', to: 'demo' });
    const underFixtures = repositoryFiles.filter((file) => file.startsWith('fixtures/')).map((file) => file.slice('fixtures/'.length));
    const shipped = selected(demo!.filter, underFixtures);
    expect(shipped.filter((file) => file.endsWith('.key.pem') || file.includes('key'))).toEqual([]);
    expect(repositoryFiles.some((file) => file.endsWith('.key.pem'))).toBe(true);
    // Every path the demo opens, relative to its resources folder.
    const wanted = Object.values(demoResources('/R')).flat().map((path) => path.slice('/R/'.length));
    for (const path of wanted) {
      if (path === 'personas') expect(shipped.filter((file) => file.startsWith('personas/chips/')).length).toBe(underFixtures.filter((file) => file.startsWith('personas/chips/')).length);
      else expect(shipped, path).toContain(path);
    }
    expect(shipped.filter((file) => file.startsWith('personas/sources/')).length).toBeGreaterThan(10);
    expect(shipped.filter((file) => file.startsWith('transcripts/') || file.endsWith('.md'))).toEqual([]);
  });
});
