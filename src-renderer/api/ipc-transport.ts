// Transport inside Electron: the preload's named functions (see hosts/electron/preload.ts).
import type { RequestChannel } from '../../src-main/contract';
import { unwrapReply, type Reply, type Transport } from './client';

export interface PreloadApi {
  request: Readonly<Record<RequestChannel, (payload: unknown) => Promise<Reply>>>;
  onEvent(listener: (channel: string, payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    tiepdon?: PreloadApi;
  }
}

export function ipcTransport(api: PreloadApi): Transport {
  return {
    send: async (channel, payload) => unwrapReply(await api.request[channel](payload)),
    onEvent: (listener) => api.onEvent(listener),
  };
}
