import { describe, expect, it } from 'vitest';
import { formatTable, type BenchReport } from './report';
import { evaluateTargets } from './targets';

const empty: BenchReport = {
  meta: { startedAt: '', seconds: 0, quick: false, node: '', platform: '', cpus: 2, cpuModel: '' },
  read: null,
  recovery: null,
  overheadUsPerApdu: null,
  overhead: null,
  eligibilityDelayMs: null,
  eligibility: null,
  commit: null,
  drain: null,
  startup: null,
  rss: null,
  site: null,
  targets: [],
};

describe('evaluateTargets', () => {
  it('marks a section that did not run or failed as not measured, never as met or missed', () => {
    const targets = evaluateTargets({ ...empty, commit: { error: 'disk full' } });
    expect(targets.every((target) => target.met === null)).toBe(true);
  });

  it('compares each measured figure with its target', () => {
    const targets = evaluateTargets({ ...empty, eligibilityDelayMs: 12, overheadUsPerApdu: 301, startup: { ms: 1999, runsMs: [1999], urlPrintedMs: 1900, setup: '' } });
    const met = Object.fromEntries(targets.map((target) => [target.target, target.met]));
    expect(met['eligibility request ≤ 50 ms after identity']).toBe(true);
    expect(met['software overhead ≤ 300 µs/APDU']).toBe(false);
    expect(met['web host start ≤ 2 s']).toBe(true);
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell and right-aligns the numeric columns below the header', () => {
    expect(formatTable([['name', 'n'], ['ours', '17'], ['fixed-160', '194']], [1])).toBe('name       n\nours        17\nfixed-160  194');
  });
});
