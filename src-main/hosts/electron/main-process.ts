// The Electron main process, short enough to audit in one sitting (after Element Desktop): take the
// single-instance lock, sandbox everything, serve the UI from app://, register the contract, open one
// window. Everything else lives in the core.
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SEALED_KEY_FILE } from '../../settings/installation';
import { UPLOAD_LIMITS } from '../../core/uploads';
import type { RecoveryReason, UploadPurpose } from '../../contract';
import { FileKeyStore, StoreError } from '../../store';
import { SafeStorageKeyStore } from './safe-storage-key-store';
import { openAppSession, type AppSession, type AppSessionOptions } from '../../core/app-session';
import { recoveryReasonOf, recoveryRoute, unavailableCore } from '../../core/recovery';
import { createLogger } from '../../log/logger';
import { forwardEvents, registerContract } from './ipc';
import { openKioskWindow } from './kiosk-window';
import { ticketPrinter } from './ticket-printer';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { APP_ORIGIN, hardenSession, hardenWebContents, secureWebPreferences } from './security';
import { superviseProcess, type Supervision } from './supervision';

export interface MainProcessPaths {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The built preload script (out/preload/index.cjs). */
  preload: string;
}

/** `--demo`: simulated cards and the embedded gateway simulator for this run; production otherwise. */
export function demoRequested(argv: string[]): boolean {
  return argv.includes('--demo');
}

/** `--data-dir DIR`: another installation folder than Electron's userData (support, several stations). */
export function dataDirArg(argv: string[]): string | null {
  const at = argv.indexOf('--data-dir');
  return at >= 0 ? (argv[at + 1] ?? null) : null;
}

/** `--kiosk` runs the self-service kiosk; `--display` the waiting-room screen; otherwise the desk. */
export type WindowMode = 'desk' | 'kiosk' | 'display';

export function windowModeOf(argv: string[]): WindowMode {
  if (argv.includes('--kiosk')) return 'kiosk';
  if (argv.includes('--display')) return 'display';
  return 'desk';
}

export function runMainProcess(paths: MainProcessPaths, mode: WindowMode = windowModeOf(process.argv), demo = demoRequested(process.argv)): void {
  // Both must happen before `ready`.
  registerAppScheme(protocol);
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  let supervision: Supervision | null = null;
  let bootFailed = false;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    // After a failure, closing the recovery screen starts the app afresh.
    if (bootFailed || supervision?.failed) {
      app.relaunch();
      app.exit(0);
      return;
    }
    app.quit();
  });
  const showRecovery = (reason: RecoveryReason) => void mainWindow?.loadURL(`${APP_ORIGIN}/index.html${recoveryRoute(reason)}`);

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    handleAppProtocol(protocol, paths.rendererDir);
    const root = dataDirArg(process.argv) ?? app.getPath('userData');
    let appSession: AppSession;
    try {
      appSession = await openAppSession(sessionOptions(paths, demo, root));
    } catch (error) {
      if (error instanceof StoreError && error.code === 'key-unavailable') {
        // No OS key store: say so and start nothing, never a plain key file instead.
        dialog.showErrorBox('Tiếp đón không khởi động được / Tiếp đón could not start', bootFailureText(error));
        app.quit();
        return;
      }
      // A damaged database or settings file: say so, keep the files as they are, start nothing.
      const reason = recoveryReasonOf(error);
      const logger = await createLogger({ dataDir: root });
      logger.fatal({ err: error, reason }, 'the core could not start');
      bootFailed = true;
      registerContract(ipcMain, unavailableCore(reason), logger);
      mainWindow = openWindow(paths, mode);
      showRecovery(reason);
      return;
    }
    const { logger } = appSession;
    const core = appSession;
    supervision = superviseProcess(logger, () => showRecovery('crashed'));
    registerContract(ipcMain, core, logger);
    // Staff gave the kiosk PIN: leave the kiosk.
    core.subscribe((channel) => {
      if (channel === 'kiosk.exited' && mode === 'kiosk') app.quit();
    });
    app.on('will-quit', () => {
      supervision?.stop();
      void appSession.close();
    });

    mainWindow = openWindow(paths, mode);
    const stopForwarding = forwardEvents(core, mainWindow.webContents);
    mainWindow.on('closed', () => {
      stopForwarding();
      mainWindow = null;
    });
    if (mode !== 'kiosk') await mainWindow.loadURL(`${APP_ORIGIN}/index.html${mode === 'display' ? '#/display' : ''}`);
  });
}

function sessionOptions(paths: MainProcessPaths, demo: boolean, root: string): AppSessionOptions {
  return {
    host: 'electron',
    root,
    demo,
    // The demo module is loaded only for a demo; its resources (personas, test CSCAs, demo certificate)
    // ship beside the app (electron-builder's extraResources), or are the repository's fixtures.
    loadDemo: async (options) => (await import('../../demo/demo')).openDemo(options),
    demoResourcesDir: app.isPackaged ? join(process.resourcesPath, 'demo') : join(app.getAppPath(), 'fixtures'),
    printTicket: ticketPrinter(paths.preload),
    // Production's keys live in the OS key store; a demo's synthetic data keeps its plain key file.
    keyStore: (dataDir, keyMode) =>
      keyMode === 'demo' ? new FileKeyStore(join(dataDir, 'master.key')) : new SafeStorageKeyStore(safeStorage, join(dataDir, SEALED_KEY_FILE)),
    chooseFile: chooseFileWithDialog,
    saveFile: saveFileWithDialog,
  };
}

/** Without the OS key store the app refuses to start: it never falls back to a plain key file. */
export function bootFailureText(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof StoreError && error.code === 'key-unavailable') {
    return [
      'Không mở được kho khóa của hệ điều hành, nơi giữ khóa bảo vệ dữ liệu người bệnh. Hãy đăng nhập bằng tài khoản đã cài đặt ứng dụng, hoặc báo bộ phận CNTT.',
      'The operating system key store, which keeps the key that protects patient data, could not be opened. Sign in with the account that set the app up, or call IT.',
      '',
      detail,
    ].join('\n');
  }
  return ['Ứng dụng gặp lỗi khi khởi động. Vui lòng báo bộ phận CNTT.', 'The app failed to start. Please call IT.', '', detail].join('\n');
}

/** The main process's file dialog for a certificate, a master list, a backup or a site enrolment file; the bytes go to the core. */
async function chooseFileWithDialog(purpose: UploadPurpose): Promise<Uint8Array | null> {
  const filters = {
    certificate: [{ name: 'PKCS#12 (.p12, .pfx)', extensions: ['p12', 'pfx'] }],
    trust: [{ name: 'CSCA, master list, CRL', extensions: ['pem', 'crt', 'cer', 'der', 'ml', 'crl'] }],
    backup: [{ name: 'Tiếp đón backup', extensions: ['tiepdon-backup'] }],
    enrolment: [{ name: 'Tiếp đón site enrolment', extensions: ['enrol', 'json'] }],
  }[purpose];
  const chosen = await dialog.showOpenDialog({ properties: ['openFile'], filters });
  const path = chosen.canceled ? undefined : chosen.filePaths[0];
  if (!path) return null;
  if ((await stat(path)).size > UPLOAD_LIMITS[purpose]) throw new Error(`the file is larger than ${UPLOAD_LIMITS[purpose]} bytes`);
  return new Uint8Array(await readFile(path));
}

/** The main process's save dialog for a backup: the encrypted file goes where the user chose, readable by them only. */
async function saveFileWithDialog(fileName: string, bytes: Uint8Array): Promise<boolean> {
  const chosen = await dialog.showSaveDialog({ defaultPath: fileName, filters: [{ name: 'Tiếp đón backup', extensions: ['tiepdon-backup'] }] });
  if (chosen.canceled || !chosen.filePath) return false;
  await writeFile(chosen.filePath, bytes, { mode: 0o600 });
  return true;
}

/** The kiosk's locked-down window (it loads its own view), or the desk's / display's ordinary one. */
function openWindow(paths: MainProcessPaths, mode: WindowMode): BrowserWindow {
  if (mode === 'kiosk') return openKioskWindow(paths.preload);
  const window = new BrowserWindow({
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
  window.once('ready-to-show', () => window.show());
  return window;
}

export function defaultPaths(mainDir: string): MainProcessPaths {
  return { rendererDir: join(mainDir, '..', 'renderer'), preload: join(mainDir, '..', 'preload', 'index.cjs') };
}
