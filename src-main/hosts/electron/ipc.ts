// The one guarded door between renderer and core (after VS Code's ipcMain wrapper): each contract channel
// is registered here, and every call is checked for its sender — our own origin, the main frame — before
// the core validates the payload. Handlers behind it receive only trusted, parsed values.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ContractError, requestChannels } from '../../contract';
import type { ContractCore } from '../../core/core';
import type { Logger } from '../../log/logger';
import { IPC_EVENT, ipcChannel } from './ipc-names';
import { isAppUrl } from './security';

export type IpcReply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

export function registerContract(ipcMain: IpcMain, core: ContractCore, logger: Logger): void {
  for (const channel of requestChannels) {
    ipcMain.handle(ipcChannel(channel), async (event, payload: unknown): Promise<IpcReply> => {
      if (!isTrustedSender(event)) {
        logger.warn({ channel }, 'refused IPC from an untrusted sender');
        return { ok: false, error: new ContractError('forbidden', 'untrusted sender').toShape() };
      }
      try {
        return { ok: true, result: await core.dispatch(channel, payload) };
      } catch (error) {
        const contractError = error instanceof ContractError ? error : new ContractError('internal', 'request failed');
        return { ok: false, error: contractError.toShape() };
      }
    });
  }
}

/** Pushes core events to one window's renderer. */
export function forwardEvents(core: ContractCore, contents: WebContents): () => void {
  return core.subscribe((channel, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT, channel, payload);
  });
}
