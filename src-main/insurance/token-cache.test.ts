import { describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { SimClock } from '../dev/gateway-sim/sim-clock';
import { parseExpiresIn, TokenCache, type GatewayToken } from './token-cache';

const AT = '2026-03-15T01:30:00.000Z';
const token = (name: string, expiresIso: string): GatewayToken => ({ accessToken: name, idToken: `${name}-id`, username: '01001_BV', expiresAt: new Date(expiresIso) });

describe('expires_in (an absolute UTC time, docs/bhxh-gateway.md "Login")', () => {
  it('reads 7 fractional digits', () => {
    expect(parseExpiresIn('2017-11-13T03:51:20.1047187Z', new Date(AT)).toISOString()).toBe('2017-11-13T03:51:20.104Z');
  });

  it('reads a time without a zone as UTC', () => {
    expect(parseExpiresIn('2026-03-15T01:40:00', new Date(AT)).toISOString()).toBe('2026-03-15T01:40:00.000Z');
  });

  it('falls back to five minutes when it cannot be read', () => {
    expect(parseExpiresIn('soon', new Date(AT)).toISOString()).toBe('2026-03-15T01:35:00.000Z');
  });
});

describe('TokenCache', () => {
  it('keeps a token until 60 s before its expiry', async () => {
    const clock = new SimClock(fixedClock(AT));
    const cache = new TokenCache(clock);
    let logins = 0;
    const login = async () => token(`t${++logins}`, '2026-03-15T01:40:00.000Z');
    expect((await cache.get('k', login)).accessToken).toBe('t1');
    clock.advance(8 * 60_000 + 59_999);
    expect((await cache.get('k', login)).accessToken).toBe('t1');
    clock.advance(1);
    expect((await cache.get('k', login)).accessToken).toBe('t2');
  });

  it('shares one login among every caller waiting', async () => {
    const cache = new TokenCache(fixedClock(AT));
    let logins = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const login = async () => {
      logins += 1;
      await gate;
      return token('t', '2026-03-15T01:40:00.000Z');
    };
    const waiting = Promise.all([cache.get('k', login), cache.get('k', login), cache.get('k', login)]);
    release();
    expect((await waiting).map((t) => t.accessToken)).toEqual(['t', 't', 't']);
    expect(logins).toBe(1);
  });

  it('keeps one token per facility account', async () => {
    const cache = new TokenCache(fixedClock(AT));
    await cache.get('01001_BV', async () => token('a', '2026-03-15T01:40:00.000Z'));
    expect((await cache.get('79001_BV', async () => token('b', '2026-03-15T01:40:00.000Z'))).accessToken).toBe('b');
    expect((await cache.get('01001_BV', async () => token('c', '2026-03-15T01:40:00.000Z'))).accessToken).toBe('a');
  });

  it('a failed login is not cached: the next caller tries again', async () => {
    const cache = new TokenCache(fixedClock(AT));
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('k', async () => token('t', '2026-03-15T01:40:00.000Z'))).accessToken).toBe('t');
  });

  it('invalidating a token another caller already replaced keeps the newer one', async () => {
    const cache = new TokenCache(fixedClock(AT));
    const old = await cache.get('k', async () => token('old', '2026-03-15T01:40:00.000Z'));
    cache.invalidate('k', old);
    const fresh = await cache.get('k', async () => token('new', '2026-03-15T01:40:00.000Z'));
    cache.invalidate('k', old);
    expect(await cache.get('k', async () => token('newer', '2026-03-15T01:40:00.000Z'))).toBe(fresh);
  });

  it('a desk clock running fast still reuses a fresh token for 30 s instead of logging in every call', async () => {
    const cache = new TokenCache(fixedClock('2026-03-15T02:00:00.000Z'));
    let logins = 0;
    const login = async () => token(`t${++logins}`, '2026-03-15T01:40:00.000Z');
    await cache.get('k', login);
    await cache.get('k', login);
    expect(logins).toBe(1);
  });
});
