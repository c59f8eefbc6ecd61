// The waiting-room kiosk: one full-screen window that patients cannot leave, reload or inspect. Staff leave
// it with the PIN from settings (checked in the core). A crashed renderer reloads; one that keeps
// crashing relaunches the app; the display never sleeps.
import { app, BrowserWindow, Menu, powerSaveBlocker, type Input } from 'electron';
import { APP_ORIGIN, secureWebPreferences } from './security';

/** Shortcuts that would quit, reload, close, zoom, print or open tools. */
export function isBlockedShortcut(input: Pick<Input, 'key' | 'control' | 'meta' | 'alt' | 'shift'>): boolean {
  const key = input.key.toLowerCase();
  if (['f5', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh'].includes(key)) return true;
  if (input.alt && (key === 'f4' || key === 'arrowleft' || key === 'arrowright' || key === 'home')) return true;
  // Every Ctrl/Cmd chord: reload, close, quit, print, zoom, find, devtools, new window, save…
  return input.control || input.meta;
}

export const CRASH_WINDOW_MS = 60_000;
export const CRASHES_BEFORE_RELAUNCH = 3;

export function openKioskWindow(preload: string, now: () => number = Date.now): BrowserWindow {
  Menu.setApplicationMenu(null);
  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#0b5cad',
    title: 'Tiếp đón — Kiosk',
    webPreferences: secureWebPreferences(preload, false),
  });
  const contents = window.webContents;
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input)) event.preventDefault();
  });
  contents.on('devtools-opened', () => contents.closeDevTools());
  contents.on('context-menu', (event) => event.preventDefault());

  const crashes: number[] = [];
  contents.on('render-process-gone', () => {
    const at = now();
    crashes.push(at);
    while (crashes.length > 0 && at - crashes[0]! > CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length >= CRASHES_BEFORE_RELAUNCH) {
      app.relaunch();
      app.exit(0);
      return;
    }
    contents.reload();
  });

  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  window.on('closed', () => powerSaveBlocker.stop(blocker));
  void window.loadURL(`${APP_ORIGIN}/index.html#/kiosk`);
  return window;
}
