import type { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recorded, resetFake } from '../../dev/testing/fake-electron';

vi.mock('electron', () => import('../../dev/testing/fake-electron'));

const { isBlockedShortcut, openKioskWindow, CRASH_WINDOW_MS } = await import('./kiosk-window');

const key = (key: string, modifiers: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({
  key,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...modifiers,
});

describe('kiosk window (against the fake electron module)', () => {
  beforeEach(() => resetFake());

  it('is a full-screen kiosk without menu or devtools, loading the kiosk view over app://', () => {
    const window = openKioskWindow('/app/out/preload/index.cjs') as unknown as { options: Record<string, unknown>; loadedUrl?: string };
    expect(window.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect(recorded.applicationMenu).toBeNull();
    expect(recorded.powerSaveBlockers.size).toBe(1);
  });

  it('blocks quit, reload, close, print and devtools shortcuts, but not typing', () => {
    for (const blocked of [key('r', { control: true }), key('F5'), key('q', { meta: true }), key('F4', { alt: true }), key('i', { control: true, shift: true }), key('F12'), key('w', { control: true }), key('F11')]) {
      expect(isBlockedShortcut(blocked), JSON.stringify(blocked)).toBe(true);
    }
    for (const allowed of [key('a'), key('Enter'), key('5'), key('Backspace'), key('A', { shift: true })]) {
      expect(isBlockedShortcut(allowed), JSON.stringify(allowed)).toBe(false);
    }
  });

  it('stops blocked keys before the page sees them', () => {
    const window = openKioskWindow('p') as unknown as { webContents: EventEmitter };
    const preventDefault = vi.fn();
    window.webContents.emit('before-input-event', { preventDefault }, key('r', { control: true }));
    expect(preventDefault).toHaveBeenCalled();
  });

  it('reloads a crashed renderer, and relaunches the app when crashes repeat', () => {
    let now = 0;
    const window = openKioskWindow('p', () => now) as unknown as { webContents: EventEmitter & { reloads: number } };
    window.webContents.emit('render-process-gone');
    now += CRASH_WINDOW_MS + 1;
    window.webContents.emit('render-process-gone');
    expect(window.webContents.reloads).toBe(2);
    expect(recorded.relaunched).toBe(false);
    now += 1000;
    window.webContents.emit('render-process-gone');
    now += 1000;
    window.webContents.emit('render-process-gone');
    expect(recorded.relaunched).toBe(true);
    expect(recorded.exitCode).toBe(0);
  });
});
