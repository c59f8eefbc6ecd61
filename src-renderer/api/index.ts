import { ContractClient } from './client';
import { ipcTransport } from './ipc-transport';
import { wsTransport } from './ws-transport';

/** Electron's preload when present, the web host's WebSocket otherwise. */
export function connectToCore(): ContractClient {
  return new ContractClient(window.tiepdon ? ipcTransport(window.tiepdon) : wsTransport());
}
