// Channel names on Electron IPC, shared by the main-process door and the preload.
import type { RequestChannel } from '../../contract/channels';

export const IPC_PREFIX = 'tiepdon:';
export const IPC_EVENT = `${IPC_PREFIX}event`;

export function ipcChannel(channel: RequestChannel): string {
  return `${IPC_PREFIX}${channel}`;
}
