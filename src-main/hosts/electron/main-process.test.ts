import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestChannels } from '../../contract';
import { app, FakeFrame, FakeWebContents, recorded, resetFake } from '../../dev/testing/fake-electron';

vi.mock('electron', () => import('../../dev/testing/fake-electron'));

const { dataDirArg, demoRequested, runMainProcess } = await import('./main-process');
const { checkinCommand } = await import('../../cli/commands/checkin');
const { backupCommand, restoreCommand } = await import('../../cli/commands/backup');
const { dbCommand } = await import('../../cli/commands/db');
const { setupCommand } = await import('../../cli/commands/setup');

function rendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tiepdon-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(tmpdir(), 'tiepdon-secret.txt'), 'secret');
  return dir;
}

async function startMain() {
  runMainProcess({ rendererDir: rendererDir(), preload: '/app/out/preload/index.cjs' }, 'desk');
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
  return recorded.windows[0]!;
}

function invokeEvent(frameUrl: string, options: { subframe?: boolean } = {}) {
  const sender = new FakeWebContents(frameUrl);
  let senderFrame = sender.mainFrame;
  if (options.subframe) {
    senderFrame = new FakeFrame(frameUrl);
    senderFrame.parent = sender.mainFrame;
  }
  return { sender, senderFrame };
}

describe('Electron main process (against the fake electron module)', () => {
  beforeEach(() => resetFake());
  afterEach(() => app.emit('will-quit'));

  it('enables the sandbox and registers app:// as a privileged scheme before ready', async () => {
    await startMain();
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.privilegedSchemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it('opens the window with sandbox, context isolation and no Node integration, loading app://', async () => {
    const window = await startMain();
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(window.loadedUrl).toBe('app://tiepdon/index.html');
  });

  it('opens the locked-down kiosk window with --kiosk', async () => {
    runMainProcess({ rendererDir: rendererDir(), preload: 'p' }, 'kiosk');
    await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
    expect(recorded.windows[0]!.options).toMatchObject({ kiosk: true });
    expect(recorded.windows[0]!.loadedUrl).toBe('app://tiepdon/index.html#/kiosk');
  });

  it('quits without opening a window when another instance holds the lock', async () => {
    recorded.singleInstanceLock = false;
    runMainProcess({ rendererDir: rendererDir(), preload: 'p' }, 'desk');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorded.quitCalled).toBe(true);
    expect(recorded.windows).toHaveLength(0);
  });

  it('denies new windows, navigation, redirects and webviews in every web contents', async () => {
    const window = await startMain();
    const contents = window.webContents;
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault }, 'https://example.com/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
  });

  it('denies every permission request and check by default', async () => {
    await startMain();
    const callback = vi.fn();
    recorded.permissionRequestHandler?.({} as never, 'media' as never, callback as never);
    expect(callback).toHaveBeenCalledWith(false);
    expect(recorded.permissionCheckHandler?.()).toBe(false);
    expect(recorded.devicePermissionHandler?.()).toBe(false);
  });

  it('registers one IPC handler per contract channel and nothing else', async () => {
    await startMain();
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(requestChannels.map((channel) => `tiepdon:${channel}`).sort());
  });

  it('answers the app main frame and refuses other origins and subframes', async () => {
    await startMain();
    const ping = recorded.ipcHandlers.get('tiepdon:demo.ping')!;
    const trusted = await ping(invokeEvent('app://tiepdon/index.html') as never, { message: 'hi' } as never);
    expect(trusted).toMatchObject({ ok: true, result: { message: 'hi' } });

    for (const [url, subframe] of [
      ['https://evil.example/', false],
      ['file:///etc/passwd', false],
      ['app://other/index.html', false],
      ['app://tiepdon/index.html', true],
    ] as const) {
      const reply = await ping(invokeEvent(url, { subframe }) as never, { message: 'hi' } as never);
      expect(reply, `${url} subframe=${subframe}`).toEqual({ ok: false, error: { code: 'forbidden', message: 'untrusted sender' } });
    }
  });

  it('validates payloads after the sender check', async () => {
    await startMain();
    const ping = recorded.ipcHandlers.get('tiepdon:demo.ping')!;
    const reply = await ping(invokeEvent('app://tiepdon/index.html') as never, { message: 42 } as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('serves the renderer from app:// with a strict CSP and refuses paths outside it', async () => {
    await startMain();
    const handler = recorded.protocolHandlers.get('app')!;
    const page = await handler(new Request('app://tiepdon/index.html'));
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect((await handler(new Request('app://tiepdon/..%2F..%2F..%2Ftmp%2Ftiepdon-secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://evil/index.html'))).status).toBe(404);
  });

  describe('modes', () => {
    const ask = async <T = unknown>(channel: string, payload: unknown = {}): Promise<T> => {
      const reply = (await recorded.ipcHandlers.get(`tiepdon:${channel}`)!(invokeEvent('app://tiepdon/index.html') as never, payload as never)) as { ok: boolean; result: unknown };
      expect(reply.ok, channel).toBe(true);
      return reply.result as T;
    };

    it('without --demo boots production: no simulated reader or cards, no test CSCA, no embedded gateway', async () => {
      runMainProcess({ rendererDir: rendererDir(), preload: 'p' }, 'desk', false);
      await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
      expect(await ask('app.info')).toMatchObject({ mode: 'production', setupRequired: true });
      expect(await ask('sim.personas')).toEqual([]);
      const { readers } = await ask<{ readers: { name: string }[] }>('readers.list');
      expect(readers.map((reader) => reader.name).filter((name) => name.includes('Simulated'))).toEqual([]);
      const anchors = await ask<{ subject: string }[]>('trust.list');
      expect(anchors.filter((anchor) => anchor.subject.includes('TEST'))).toEqual([]);
      const reply = (await recorded.ipcHandlers.get('tiepdon:sim.tap')!(invokeEvent('app://tiepdon/index.html') as never, { personaId: 'an' } as never)) as { ok: boolean; error: { code: string } };
      expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    });

    it('with --demo boots the demo: the simulated reader only, the test CSCAs, its own folder', async () => {
      runMainProcess({ rendererDir: rendererDir(), preload: 'p' }, 'desk', true);
      await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
      expect(await ask('app.info')).toMatchObject({ mode: 'demo', setupRequired: false });
      expect((await ask<{ id: string }[]>('sim.personas')).map((persona) => persona.id)).toContain('an');
      const { readers } = await ask<{ readers: { name: string }[] }>('readers.list');
      expect(readers.map((reader) => reader.name)).toEqual(['Tiếp đón Simulated Reader 0']);
      const anchors = await ask<{ subject: string }[]>('trust.list');
      expect(anchors.some((anchor) => anchor.subject.includes('CSCA TEST Tiep Don'))).toBe(true);
      expect(existsSync(join(recorded.userData, 'demo', 'tiepdon.db'))).toBe(true);
      expect(existsSync(join(recorded.userData, 'tiepdon.db'))).toBe(false);
    });

    it('production keeps its keys with safeStorage; the command line cannot open that folder', async () => {
      runMainProcess({ rendererDir: rendererDir(), preload: 'p' }, 'desk', false);
      await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
      expect(existsSync(join(recorded.userData, 'db-key.sealed'))).toBe(true);
      expect(existsSync(join(recorded.userData, 'master.key'))).toBe(false);
      const out: string[] = [];
      const code = await checkinCommand(['--data-dir', recorded.userData, '--reader', 'Virtual PCD 00 00', '--can', '012345', '--json'], { out: (text) => out.push(text), err: () => undefined });
      expect(code).toBe(2);
      expect(JSON.parse(out.join(''))).toMatchObject({ error: { code: 'refused', message: expect.stringContaining('desktop app') } });
    });

    it('refuses to start, with words, where the OS key store is unavailable', async () => {
      recorded.safeStorageAvailable = false;
      runMainProcess({ rendererDir: rendererDir(), preload: 'p' }, 'desk', false);
      await vi.waitFor(() => expect(recorded.quitCalled).toBe(true));
      expect(recorded.windows).toHaveLength(0);
      expect(recorded.errorBoxes[0]?.content).toContain('kho khóa của hệ điều hành');
      expect(existsSync(join(recorded.userData, 'master.key'))).toBe(false);
    });

    it('the file dialog hands the chosen file to the core as an upload id', async () => {
      runMainProcess({ rendererDir: rendererDir(), preload: 'p' }, 'desk', false);
      await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
      recorded.nextOpenDialogPath = fileURLToPath(new URL('../../../fixtures/pki/facility-01001.p12', import.meta.url));
      expect(await ask('files.choose', { purpose: 'certificate' })).toMatchObject({ uploadId: expect.stringMatching(/^[0-9a-f]{32}$/) });
      recorded.nextOpenDialogPath = null;
      expect(await ask('files.choose', { purpose: 'certificate' })).toEqual({ uploadId: null });
    });

    it('moving a desktop station: the first-run screen restores a backup with its key into the OS key store, and Settings backs up with a save dialog', async () => {
      const quiet = { out: () => undefined, err: () => undefined };
      const passphrase = 'ngựa vằn ăn cỏ 2026';
      // The old PC: an installation made by script, one visit whose report is still queued.
      const old = mkdtempSync(join(tmpdir(), 'tiepdon-old-pc-'));
      const p12 = fileURLToPath(new URL('../../../fixtures/pki/facility-01001.p12', import.meta.url));
      const setup = ['--data-dir', old, '--facility', '01001', '--facility-name', 'Bệnh viện Thử nghiệm', '--gateway', 'http://127.0.0.1:9', '--username', '01001_BV', '--password', 'tiepdon-demo'];
      expect(await setupCommand([...setup, '--cert', p12, '--cert-password', 'tiepdon-demo', '--staff', 'Phạm Thị Hoa:001190000001', '--station', 'K1', '--admin-pin', '2468'], quiet)).toBe(0);
      expect(await checkinCommand(['--data-dir', old, '--id', '001058006789', '--name', 'Vũ Mạnh Hùng', '--dob', '30/04/1958', '--json'], quiet)).toBe(0);
      const file = join(old, '..', `${old.split('/').pop()}.tiepdon-backup`);
      expect(await backupCommand(['--data-dir', old, '--out', file, '--passphrase', passphrase], quiet)).toBe(0);

      runMainProcess({ rendererDir: rendererDir(), preload: 'p' }, 'desk', false);
      await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
      expect(await ask('app.info')).toMatchObject({ mode: 'production', setupRequired: true });
      recorded.nextOpenDialogPath = file;
      const { uploadId } = await ask<{ uploadId: string }>('files.choose', { purpose: 'backup' });
      const wrong = (await recorded.ipcHandlers.get('tiepdon:backup.restore')!(invokeEvent('app://tiepdon/index.html') as never, { uploadId, passphrase: 'not the passphrase' } as never)) as { ok: boolean; error: unknown };
      expect(wrong).toMatchObject({ ok: false, error: { code: 'bad-request', field: 'passphrase', message: expect.stringMatching(/^wrong-passphrase: /) } });
      expect(await ask('app.info')).toMatchObject({ setupRequired: true });

      expect(await ask('backup.restore', { uploadId, passphrase })).toEqual({ createdAt: expect.any(String), mode: 'production' });
      expect(await ask('app.info')).toMatchObject({ mode: 'production', setupRequired: false });
      // The key went to the OS key store; no plain key file on the new PC.
      expect(existsSync(join(recorded.userData, 'db-key.sealed'))).toBe(true);
      expect(existsSync(join(recorded.userData, 'master.key'))).toBe(false);
      expect(await ask('settings.get')).toMatchObject({ facility: { code: '01001' }, stationCode: 'K1', operators: [{ idNumber: '001190000001' }] });

      // From Settings: the administrator's PIN, then the save dialog.
      const refused = (await recorded.ipcHandlers.get('tiepdon:backup.create')!(invokeEvent('app://tiepdon/index.html') as never, { passphrase } as never)) as { ok: boolean; error: unknown };
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'adminPin' } });
      const saved = join(mkdtempSync(join(tmpdir(), 'tiepdon-usb-')), 'k1.tiepdon-backup');
      recorded.nextSaveDialogPath = saved;
      expect(await ask('backup.create', { passphrase, adminPin: '2468' })).toEqual({ fileName: expect.stringMatching(/^tiepdon-01001-K1-\d{8}-\d{4}\.tiepdon-backup$/), downloadId: null, saved: true });
      const third = mkdtempSync(join(tmpdir(), 'tiepdon-third-pc-'));
      expect(await restoreCommand(['--data-dir', third, '--in', saved, '--passphrase', passphrase], quiet)).toBe(0);
      const info: string[] = [];
      expect(await dbCommand(['info', '--data-dir', third, '--json'], { out: (text) => info.push(text), err: () => undefined })).toBe(0);
      expect(JSON.parse(info.join(''))).toMatchObject({ visits: 1, outbox: { pending: 2 } });
    });

    it('reads --demo and --data-dir from the command line', () => {
      expect(demoRequested(['electron', '.', '--demo'])).toBe(true);
      expect(demoRequested(['electron', '.'])).toBe(false);
      expect(dataDirArg(['electron', '.', '--data-dir', '/srv/desk2'])).toBe('/srv/desk2');
      expect(dataDirArg(['electron', '.'])).toBeNull();
    });
  });
});

describe('supervision of the Electron main process (against the fake electron module)', () => {
  beforeEach(() => resetFake());
  afterEach(() => app.emit('will-quit'));

  const listenersOf = (kind: 'uncaughtException' | 'unhandledRejection'): unknown[] => (kind === 'uncaughtException' ? process.listeners('uncaughtException') : process.listeners('unhandledRejection'));
  const logText = (dir: string) => readdirSync(join(dir, 'logs')).map((name) => readFileSync(join(dir, 'logs', name), 'utf8')).join('');

  for (const kind of ['uncaughtException', 'unhandledRejection'] as const) {
    it(`logs an ${kind} in the core and shows the recovery screen; closing it relaunches the app`, async () => {
      const before = new Set(listenersOf(kind));
      const window = await startMain();
      // Our listener, called as Node would; emitting the event would reach the test runner's own too.
      const listener = listenersOf(kind).find((candidate) => !before.has(candidate))!;
      (listener as (error: Error) => void)(new Error('boom in a timer'));
      expect(window.loadedUrl).toBe('app://tiepdon/index.html#/recovery/crashed');
      await vi.waitFor(() => expect(logText(recorded.userData)).toMatch(/"level":60.*uncaught error in the core/));
      app.emit('window-all-closed');
      expect(recorded.relaunched).toBe(true);
      expect(recorded.exitCode).toBe(0);
    });
  }

  it('stops listening for uncaught errors when the app quits', async () => {
    const count = process.listenerCount('uncaughtException');
    await startMain();
    expect(process.listenerCount('uncaughtException')).toBe(count + 1);
    app.emit('will-quit');
    expect(process.listenerCount('uncaughtException')).toBe(count);
  });

  it('shows the database-damaged screen for a damaged database and leaves the file untouched', async () => {
    const damaged = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xa5)]);
    writeFileSync(join(recorded.userData, 'installation.json'), '{"mode":"production"}');
    writeFileSync(join(recorded.userData, 'tiepdon.db'), damaged);
    const window = await startMain();
    await vi.waitFor(() => expect(window.loadedUrl).toBe('app://tiepdon/index.html#/recovery/database-damaged'));
    expect(readFileSync(join(recorded.userData, 'tiepdon.db')).equals(damaged)).toBe(true);
    const reply = await recorded.ipcHandlers.get('tiepdon:app.info')!(invokeEvent('app://tiepdon/index.html') as never, {} as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    app.emit('window-all-closed');
    expect(recorded.relaunched).toBe(true);
  });

  it('shows the configuration-damaged screen when settings.json and its last good copy are unusable', async () => {
    writeFileSync(join(recorded.userData, 'installation.json'), '{"mode":"production"}');
    writeFileSync(join(recorded.userData, 'settings.json'), '{"settings": {');
    const window = await startMain();
    await vi.waitFor(() => expect(window.loadedUrl).toBe('app://tiepdon/index.html#/recovery/configuration-damaged'));
    expect(readFileSync(join(recorded.userData, 'settings.json'), 'utf8')).toBe('{"settings": {');
  });
});
