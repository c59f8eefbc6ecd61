import { describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { SimClock } from '../dev/gateway-sim/sim-clock';
import { GatewayError } from './errors';
import { LookupGuard } from './lookup-guard';

const AT = '2026-03-15T01:30:00.000Z';

describe('LookupGuard: no lookups in tight loops', () => {
  it('answers the same question again within the window without asking the gateway', async () => {
    const clock = new SimClock(fixedClock(AT));
    const guard = new LookupGuard<number>(clock, { repeatWindowMs: 5_000, maxPerMinute: 30 });
    let asked = 0;
    const ask = async () => ++asked;
    expect(await guard.run('q', ask)).toBe(1);
    expect(await guard.run('q', ask)).toBe(1);
    clock.advance(5_000);
    expect(await guard.run('q', ask)).toBe(2);
  });

  it('shares one request among identical questions in flight', async () => {
    const guard = new LookupGuard<number>(fixedClock(AT), { repeatWindowMs: 0, maxPerMinute: 30 });
    let asked = 0;
    const answers = await Promise.all([guard.run('q', async () => ++asked), guard.run('q', async () => ++asked)]);
    expect(answers).toEqual([1, 1]);
  });

  it('refuses past the per-minute budget, saying when to try again', async () => {
    const clock = new SimClock(fixedClock(AT));
    const guard = new LookupGuard<number>(clock, { repeatWindowMs: 0, maxPerMinute: 2 });
    await guard.run('a', async () => 1);
    clock.advance(10_000);
    await guard.run('b', async () => 2);
    const refused = await guard.run('c', async () => 3).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ code: 'throttled', details: { retryAfterMs: 50_000 } });
    clock.advance(50_000);
    expect(await guard.run('c', async () => 3)).toBe(3);
  });

  it('does not keep failures: the same question may be asked again (within the budget)', async () => {
    const guard = new LookupGuard<number>(fixedClock(AT), { repeatWindowMs: 5_000, maxPerMinute: 30 });
    await expect(guard.run('q', async () => Promise.reject(new GatewayError('network')))).rejects.toThrow(GatewayError);
    expect(await guard.run('q', async () => 7)).toBe(7);
  });
});
