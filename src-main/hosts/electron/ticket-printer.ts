// Silent printing of queue tickets on the kiosk's thermal printer: a hidden window renders the ticket
// route (the same page the web host shows) and prints it without a dialog, 80 mm wide.
import { BrowserWindow } from 'electron';
import { APP_ORIGIN, secureWebPreferences } from './security';

/** Microns, as Electron's pageSize wants them; the height grows with the content on roll paper. */
const TICKET_PAGE = { width: 80_000, height: 120_000 };

export function ticketPrinter(preload: string): (visitId: string, printerName: string | null) => Promise<boolean> {
  return async (visitId, deviceName) => {
    const window = new BrowserWindow({ show: false, width: 302, height: 600, webPreferences: secureWebPreferences(preload, false) });
    try {
      await window.loadURL(`${APP_ORIGIN}/index.html#/ticket/${encodeURIComponent(visitId)}`);
      return await new Promise<boolean>((resolve) =>
        window.webContents.print(
          { silent: true, printBackground: true, margins: { marginType: 'none' }, pageSize: TICKET_PAGE, ...(deviceName ? { deviceName } : {}) },
          (success) => resolve(success),
        ),
      );
    } finally {
      window.destroy();
    }
  };
}
