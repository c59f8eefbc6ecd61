import { beforeAll, describe, expect, it, vi } from 'vitest';
import { requestChannels } from '../../contract';
import { recorded, resetFake } from '../../dev/testing/fake-electron';

vi.mock('electron', () => import('../../dev/testing/fake-electron'));

type ExposedApi = {
  request: Record<string, (payload: unknown) => Promise<unknown>>;
  onEvent(listener: (channel: string, payload: unknown) => void): () => void;
};

describe('preload (against the fake electron module)', () => {
  beforeAll(async () => {
    resetFake();
    await import('./preload');
  });

  it('exposes named functions for the contract channels, never ipcRenderer itself', () => {
    const api = recorded.exposed.get('tiepdon') as ExposedApi;
    expect(Object.keys(api).sort()).toEqual(['onEvent', 'request']);
    expect(Object.keys(api.request).sort()).toEqual([...requestChannels].sort());
    expect(Object.isFrozen(api) && Object.isFrozen(api.request)).toBe(true);
    expect(JSON.stringify(Object.keys(api))).not.toContain('ipcRenderer');
  });

  it('maps each function to its own prefixed IPC channel', async () => {
    const api = recorded.exposed.get('tiepdon') as ExposedApi;
    await api.request['demo.ping']!({ message: 'x' });
    expect(recorded.invoked).toEqual([{ channel: 'tiepdon:demo.ping', payload: { message: 'x' } }]);
  });

  it('passes on only contract events', () => {
    const api = recorded.exposed.get('tiepdon') as ExposedApi;
    const seen: string[] = [];
    const stop = api.onEvent((channel) => seen.push(channel));
    const relay = recorded.rendererListeners.get('tiepdon:event')!;
    relay({} as never, 'readers.changed' as never, {} as never);
    relay({} as never, 'not.a.channel' as never, {} as never);
    expect(seen).toEqual(['readers.changed']);
    stop();
    expect(recorded.rendererListeners.has('tiepdon:event')).toBe(false);
  });
});
