// The strategies as run through readChip against the virtual card: what they send, not how long it takes.
import { describe, expect, it } from 'vitest';
import { defaultLinkModel, LinkModel } from '../simulator/link-model';
import { loadChipImage } from '../simulator/personas/registry';
import { lowerBound } from './lower-bound';
import { benchmarkReads, BIT_RATES, cardLimits, filesToRead, isFileExchange, modelledRead, protocolExchanges, STRATEGIES } from './read-strategies';

const an = loadChipImage('an');
const strategy = (name: string) => STRATEGIES.find((candidate) => candidate.name === name)!.strategy;
const protocolOf = (read: Awaited<ReturnType<typeof modelledRead>>) => read.exchanges.filter((exchange) => !isFileExchange(exchange)).map((e) => [e.ins, e.commandBytes, e.responseBytes]);

describe('read strategies on persona an', () => {
  it('ours reads every file in one command and shows the identity before DG2 is asked for', async () => {
    const read = await modelledRead(an, strategy('ours'), 424);
    expect(read.exchanges.filter(isFileExchange)).toHaveLength(filesToRead(an).length);
    expect(read.dg2StartMs).not.toBeNull();
    expect(read.identityMs).toBeLessThan(read.dg2StartMs!);
    expect(read.steps.map((step) => step.step)).toEqual(['card-access', 'access', 'com', 'dg1', 'dg13', 'identity', 'sod', 'dg14', 'ca', 'dg15', 'aa', 'dg2', 'done']);
  });

  it('a fixed-size strategy sends ⌈size / Le⌉ READ BINARY per file, and the same protocol exchanges as ours', async () => {
    const ours = await modelledRead(an, strategy('ours'), 424);
    for (const [name, le] of [['fixed-223-dg2-first', 223], ['fixed-160', 160]] as const) {
      const read = await modelledRead(an, strategy(name), 424);
      const expected = filesToRead(an).reduce((sum, file) => sum + Math.ceil(file.size / le), 0);
      expect(read.exchanges.filter(isFileExchange)).toHaveLength(expected);
      expect(protocolOf(read)).toEqual(protocolOf(ours));
    }
  });

  it('dg2-first reads the photo before DG13, so the identity waits for it', async () => {
    const read = await modelledRead(an, strategy('fixed-223-dg2-first'), 424);
    const steps = read.steps.map((step) => step.step);
    expect(steps.indexOf('dg2')).toBeLessThan(steps.indexOf('dg13'));
    expect(read.identityMs).toBeGreaterThan(read.dg2StartMs!);
  });

  it('the lower bound of a card whose reads all fit one command has as many APDUs as ours', async () => {
    const ours = await modelledRead(an, strategy('ours'), 424);
    const bound = lowerBound({ files: filesToRead(an), card: cardLimits(an), protocol: protocolExchanges(ours), link: defaultLinkModel(424) });
    expect(bound.apdus).toBe(ours.apdus);
    expect(bound.bytes).toBeLessThanOrEqual(ours.bytes);
    // CardAccess, the five PACE exchanges and SELECT, DG1, DG13.
    expect(bound.identityApdus).toBe(9);
  });

  it('before the identity, ours reads only EF.COM besides what the identity needs, at every bit rate', async () => {
    const ours = (await benchmarkReads(an)).strategies.find((candidate) => candidate.name === 'ours')!;
    for (const rate of BIT_RATES) {
      // EF.COM (25 bytes): a 23-byte protected READ BINARY and a 51-byte protected answer.
      const com = new LinkModel(defaultLinkModel(rate)).exchange(23, 51, true);
      expect(ours.identityDetourMs[String(rate) as keyof typeof ours.identityDetourMs]).toBeCloseTo(com, 1);
    }
  });
});
