import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestChannels } from '../../contract';
import { app, FakeFrame, FakeWebContents, recorded, resetFake } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const { dataDirArg, demoRequested, runMainProcess } = await import('./main-process');

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
