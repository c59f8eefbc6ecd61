// Transport for the web host: one WebSocket to the same origin (the token travels as the cookie the host
// set), reconnecting with backoff so a restarted host does not strand the desk.
import { ContractError, ServerMessage, type RequestChannel } from '../../src-main/contract';
import { unwrapReply, type Transport } from './client';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function wsTransport(url = `${location.origin.replace(/^http/, 'ws')}/ws`): Transport {
  const listeners = new Set<(channel: string, payload: unknown) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let retryMs = 250;
  let socket: Promise<WebSocket>;

  function connect(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.addEventListener('open', () => {
        retryMs = 250;
        resolve(ws);
      });
      ws.addEventListener('message', (message) => {
        let parsed: ServerMessage;
        try {
          parsed = ServerMessage.parse(JSON.parse(String(message.data)));
        } catch {
          return;
        }
        if (parsed.type === 'event') {
          for (const listener of listeners) listener(parsed.channel, parsed.payload);
          return;
        }
        const waiter = pending.get(parsed.id);
        if (!waiter) return;
        pending.delete(parsed.id);
        try {
          waiter.resolve(unwrapReply(parsed));
        } catch (error) {
          waiter.reject(error as Error);
        }
      });
      ws.addEventListener('close', () => {
        for (const waiter of pending.values()) waiter.reject(new ContractError('unavailable', 'connection to the core closed'));
        pending.clear();
        reject(new ContractError('unavailable', 'cannot reach the core'));
        setTimeout(() => {
          socket = connect();
          socket.catch(() => undefined);
        }, retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      });
    });
  }

  socket = connect();
  socket.catch(() => undefined);

  return {
    async send(channel: RequestChannel, payload: unknown) {
      const ws = await socket;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ type: 'request', id, channel, payload }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
