import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestChannels } from '../../contract';
import { app, FakeFrame, FakeWebContents, recorded, resetFake } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const { dataDirArg, demoRequested, runMainProcess } = await import('./main-process');
const { checkinCommand } = await import('../../cli/commands/checkin');

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

    it('reads --demo and --data-dir from the command line', () => {
      expect(demoRequested(['electron', '.', '--demo'])).toBe(true);
      expect(demoRequested(['electron', '.'])).toBe(false);
      expect(dataDirArg(['electron', '.', '--data-dir', '/srv/desk2'])).toBe('/srv/desk2');
      expect(dataDirArg(['electron', '.'])).toBeNull();
    });
  });
});
