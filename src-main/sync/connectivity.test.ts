import { describe, expect, it } from 'vitest';
import { GatewayError } from '../insurance';
import { ConnectivityMonitor, observationOfError } from './connectivity';

describe('connectivity, from real requests', () => {
  it('online → degraded on the first failure to connect → offline after three in a row → online at the next answer', () => {
    const monitor = new ConnectivityMonitor();
    const seen: string[] = [];
    monitor.subscribe((state) => seen.push(state));
    expect(monitor.state).toBe('online');
    monitor.observeError(new GatewayError('network', 'ECONNREFUSED'));
    monitor.observeError(new GatewayError('timeout', 'connect limit'));
    monitor.observeError(new GatewayError('network', 'ECONNRESET'));
    monitor.observeError(new GatewayError('network', 'ECONNRESET'));
    monitor.observe({ kind: 'answered', elapsedMs: 120 }, new Date('2026-03-15T01:30:00Z'));
    expect(seen).toEqual(['degraded', 'offline', 'online']);
    expect(monitor.lastAnswer?.toISOString()).toBe('2026-03-15T01:30:00.000Z');
  });

  it('a slow answer or an error page is degraded, and resets the count of failures to connect', () => {
    const monitor = new ConnectivityMonitor({ slowMs: 5_000, offlineAfter: 2 });
    expect(monitor.observe({ kind: 'answered', elapsedMs: 9_000 })).toBe('degraded');
    monitor.observeError(new GatewayError('network'));
    expect(monitor.observeError(new GatewayError('gateway', 'HTTP 500', { httpStatus: 500 }))).toBe('degraded');
    expect(monitor.observeError(new GatewayError('network'))).toBe('degraded');
    expect(monitor.observeError(new GatewayError('network'))).toBe('offline');
  });

  it('reads refusals of the content as answers, and our own input or signing as nothing', () => {
    expect(observationOfError(new GatewayError('gateway', 'check-in refused: 205', { maKetQua: '205' }))).toEqual({ kind: 'answered', elapsedMs: 0 });
    expect(observationOfError(new GatewayError('auth'))).toEqual({ kind: 'answered', elapsedMs: 0 });
    expect(observationOfError(new GatewayError('bad-response'))).toEqual({ kind: 'faulty' });
    expect(observationOfError(new GatewayError('bad-input'))).toBeNull();
    expect(observationOfError(new GatewayError('signing'))).toBeNull();
    expect(observationOfError(new Error('bug'))).toBeNull();
  });
});
