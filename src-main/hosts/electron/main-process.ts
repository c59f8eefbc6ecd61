// The Electron main process, short enough to audit in one sitting (after Element Desktop): take the
// single-instance lock, sandbox everything, serve the UI from app://, register the contract, open one
// window. Everything else lives in the core.
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { join } from 'node:path';
import { bootCore } from '../../core/boot';
import { forwardEvents, registerContract } from './ipc';
import { openKioskWindow } from './kiosk-window';
import { ticketPrinter } from './ticket-printer';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { APP_ORIGIN, hardenSession, hardenWebContents, secureWebPreferences } from './security';

export interface MainProcessPaths {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The built preload script (out/preload/index.cjs). */
  preload: string;
}

/** `--kiosk` runs the self-service kiosk; `--display` the waiting-room screen; otherwise the desk. */
export type WindowMode = 'desk' | 'kiosk' | 'display';

export function windowModeOf(argv: string[]): WindowMode {
  if (argv.includes('--kiosk')) return 'kiosk';
  if (argv.includes('--display')) return 'display';
  return 'desk';
}

export function runMainProcess(paths: MainProcessPaths, mode: WindowMode = windowModeOf(process.argv)): void {
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
    const booted = await bootCore({ host: 'electron', dataDir: app.getPath('userData'), printTicket: ticketPrinter(paths.preload) });
    const { core, logger } = booted;
    registerContract(ipcMain, core, logger);
    // Staff gave the kiosk PIN: leave the kiosk.
    core.subscribe((channel) => {
      if (channel === 'kiosk.exited' && mode === 'kiosk') app.quit();
    });
    app.on('will-quit', () => void booted.close());

    mainWindow =
      mode === 'kiosk'
        ? openKioskWindow(paths.preload)
        : new BrowserWindow({
            width: 1366,
            height: 768,
            minWidth: 1024,
            minHeight: 680,
            show: false,
            fullscreen: mode === 'display',
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
    if (mode !== 'kiosk') {
      mainWindow.once('ready-to-show', () => mainWindow?.show());
      await mainWindow.loadURL(`${APP_ORIGIN}/index.html${mode === 'display' ? '#/display' : ''}`);
    }
  });
}

export function defaultPaths(mainDir: string): MainProcessPaths {
  return { rendererDir: join(mainDir, '..', 'renderer'), preload: join(mainDir, '..', 'preload', 'index.cjs') };
}
