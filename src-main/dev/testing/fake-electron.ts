// A stand-in for the `electron` module in tests: Electron's binary cannot be downloaded on this project's
// machines, so main-process and preload code is exercised against this recording fake instead.
// It records what the code under test asked for; it does not imitate Electron's behaviour beyond that.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Handler = (...args: never[]) => unknown;

export const recorded = {
  singleInstanceLock: true,
  sandboxEnabled: false,
  quitCalled: false,
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Handler>(),
  windows: [] as FakeBrowserWindow[],
  exposed: new Map<string, unknown>(),
  rendererListeners: new Map<string, Handler>(),
  invoked: [] as { channel: string; payload: unknown }[],
  permissionRequestHandler: undefined as Handler | undefined,
  permissionCheckHandler: undefined as Handler | undefined,
  devicePermissionHandler: undefined as Handler | undefined,
  userData: '',
  applicationMenu: 'unset' as unknown,
  powerSaveBlockers: new Set<number>(),
  relaunched: false,
  exitCode: null as number | null,
  /** Whether the fake OS key store works; a fixed XOR stands in for DPAPI. */
  safeStorageAvailable: true,
  errorBoxes: [] as { title: string; content: string }[],
  /** What the next file dialog answers: a path, or null for "cancelled". */
  nextOpenDialogPath: null as string | null,
  /** Where the next save dialog puts the file, or null for "cancelled". */
  nextSaveDialogPath: null as string | null,
};

export function resetFake(): void {
  recorded.singleInstanceLock = true;
  recorded.sandboxEnabled = false;
  recorded.quitCalled = false;
  recorded.privilegedSchemes = [];
  recorded.protocolHandlers.clear();
  recorded.ipcHandlers.clear();
  recorded.windows = [];
  recorded.exposed.clear();
  recorded.rendererListeners.clear();
  recorded.invoked = [];
  recorded.permissionRequestHandler = undefined;
  recorded.permissionCheckHandler = undefined;
  recorded.devicePermissionHandler = undefined;
  recorded.userData = mkdtempSync(join(tmpdir(), 'tiepdon-fake-userdata-'));
  recorded.applicationMenu = 'unset';
  recorded.powerSaveBlockers.clear();
  recorded.relaunched = false;
  recorded.exitCode = null;
  recorded.safeStorageAvailable = true;
  recorded.errorBoxes = [];
  recorded.nextOpenDialogPath = null;
  recorded.nextSaveDialogPath = null;
  appEvents.removeAllListeners();
}

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  readonly sent: unknown[][] = [];
  reloads = 0;
  windowOpenHandler: Handler | undefined;
  constructor(url = 'app://tiepdon/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  isDestroyed(): boolean {
    return false;
  }
  reload(): void {
    this.reloads += 1;
  }
  printed: unknown[] = [];
  print(options: unknown, callback: (success: boolean) => void): void {
    this.printed.push(options);
    callback(true);
  }
  closeDevTools(): void {}
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    recorded.windows.push(this);
    appEvents.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  destroyed = false;
  destroy(): void {
    this.destroyed = true;
  }
}

const appEvents = new EventEmitter();

export const app = {
  isPackaged: false,
  getAppPath: () => process.cwd(),
  enableSandbox: () => {
    recorded.sandboxEnabled = true;
  },
  requestSingleInstanceLock: () => recorded.singleInstanceLock,
  quit: () => {
    recorded.quitCalled = true;
  },
  relaunch: () => {
    recorded.relaunched = true;
  },
  exit: (code: number) => {
    recorded.exitCode = code;
  },
  on: (event: string, listener: (...args: unknown[]) => void) => appEvents.on(event, listener),
  emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args),
  whenReady: () => Promise.resolve(),
  getPath: (name: string) => {
    if (name !== 'userData') throw new Error(`fake electron: getPath(${name}) not faked`);
    return recorded.userData;
  },
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => {
    recorded.privilegedSchemes.push(...schemes);
  },
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: Handler) => {
      recorded.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: (handler: Handler) => {
      recorded.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler: (handler: Handler) => {
      recorded.devicePermissionHandler = handler;
    },
  },
};

export const ipcMain = {
  handle: (channel: string, handler: Handler) => {
    if (recorded.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    recorded.ipcHandlers.set(channel, handler);
  },
};

export const contextBridge = {
  exposeInMainWorld: (key: string, api: unknown) => {
    recorded.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoke: async (channel: string, payload: unknown) => {
    recorded.invoked.push({ channel, payload });
    return { ok: true, result: null };
  },
  on: (channel: string, listener: Handler) => {
    recorded.rendererListeners.set(channel, listener);
  },
  removeListener: (channel: string) => {
    recorded.rendererListeners.delete(channel);
  },
};

export const BrowserWindow = FakeBrowserWindow;

export const Menu = {
  setApplicationMenu: (menu: unknown) => {
    recorded.applicationMenu = menu;
  },
};

let nextBlocker = 1;
export const powerSaveBlocker = {
  start: () => {
    const id = nextBlocker++;
    recorded.powerSaveBlockers.add(id);
    return id;
  },
  stop: (id: number) => {
    recorded.powerSaveBlockers.delete(id);
  },
};

const sealByte = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));

export const safeStorage = {
  isEncryptionAvailable: () => recorded.safeStorageAvailable,
  encryptString: (plain: string) => sealByte(Buffer.from(`sealed:${plain}`, 'utf8')),
  decryptString: (sealed: Buffer) => sealByte(sealed).toString('utf8').replace(/^sealed:/, ''),
  getSelectedStorageBackend: () => 'gnome_libsecret',
};

export const dialog = {
  showErrorBox: (title: string, content: string) => {
    recorded.errorBoxes.push({ title, content });
  },
  showOpenDialog: async () => (recorded.nextOpenDialogPath ? { canceled: false, filePaths: [recorded.nextOpenDialogPath] } : { canceled: true, filePaths: [] }),
  showSaveDialog: async () => (recorded.nextSaveDialogPath ? { canceled: false, filePath: recorded.nextSaveDialogPath } : { canceled: true, filePath: undefined }),
};

resetFake();
