import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recorded, resetFake, type FakeBrowserWindow } from '../../dev/testing/fake-electron';

vi.mock('electron', () => import('../../dev/testing/fake-electron'));

const { ticketPrinter } = await import('./ticket-printer');

describe('ticket printer (against the fake electron module)', () => {
  beforeEach(() => resetFake());

  it('renders the ticket route in a hidden sandboxed window and prints it silently at 80 mm to the configured printer', async () => {
    expect(await ticketPrinter('p')('visit-1', 'XP-80C')).toBe(true);
    const window = recorded.windows[0] as FakeBrowserWindow & { destroyed: boolean };
    expect(window.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(window.loadedUrl).toBe('app://tiepdon/index.html#/ticket/visit-1');
    expect((window.webContents as unknown as { printed: unknown[] }).printed).toEqual([
      expect.objectContaining({ silent: true, deviceName: 'XP-80C', pageSize: expect.objectContaining({ width: 80_000 }) }),
    ]);
    expect(window.destroyed).toBe(true);
  });
});
