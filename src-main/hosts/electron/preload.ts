// Sandboxed preload: exposes one named function per contract channel and an event subscription, never
// ipcRenderer itself. Payloads are validated in the main process; this side only fixes the channel names.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventChannel, requestChannels } from '../../contract/channels';
import { IPC_EVENT, ipcChannel } from './ipc-names';

const request = Object.freeze(
  Object.fromEntries(
    requestChannels.map((channel) => [channel, (payload: unknown) => ipcRenderer.invoke(ipcChannel(channel), payload)]),
  ),
);

function onEvent(listener: (channel: string, payload: unknown) => void): () => void {
  const relay = (_event: IpcRendererEvent, channel: unknown, payload: unknown) => {
    if (isEventChannel(channel)) listener(channel, payload);
  };
  ipcRenderer.on(IPC_EVENT, relay);
  return () => ipcRenderer.removeListener(IPC_EVENT, relay);
}

contextBridge.exposeInMainWorld('tiepdon', Object.freeze({ request, onEvent }));
