// The Electron main process, short enough to audit in one sitting (after Element Desktop): take the
// single-instance lock, sandbox everything, serve the UI from app://, register the contract, open one
// window. Everything else lives in the core.
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { join } from 'node:path';
import { bootCore } from '../../core/boot';
import { forwardEvents, registerContract } from './ipc';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { APP_ORIGIN, hardenSession, hardenWebContents, secureWebPreferences } from './security';

export interface MainProcessPaths {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The built preload script (out/preload/index.cjs). */
  preload: string;
}

export function runMainProcess(paths: MainProcessPaths): void {
  // Both must happen before `ready`.
  registerAppScheme(protocol);
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    handleAppProtocol(protocol, paths.rendererDir);
    const booted = await bootCore({ host: 'electron', dataDir: app.getPath('userData') });
    const { core, logger } = booted;
    registerContract(ipcMain, core, logger);
    app.on('will-quit', () => void booted.close());

    mainWindow = new BrowserWindow({
      width: 1366,
      height: 768,
      minWidth: 1024,
      minHeight: 680,
      show: false,
      title: 'Tiếp đón',
      autoHideMenuBar: true,
      backgroundColor: '#f6f7f9',
      webPreferences: secureWebPreferences(paths.preload, !app.isPackaged),
    });
    const stopForwarding = forwardEvents(core, mainWindow.webContents);
    mainWindow.on('closed', () => {
      stopForwarding();
      mainWindow = null;
    });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
  });
}

export function defaultPaths(mainDir: string): MainProcessPaths {
  return { rendererDir: join(mainDir, '..', 'renderer'), preload: join(mainDir, '..', 'preload', 'index.cjs') };
}
