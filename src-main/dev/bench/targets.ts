// The targets of issue 11 and where a run stands against each. Reported, never asserted: a benchmark
// that fails a build on a slow machine teaches people to ignore it.
import type { ByBitRate } from './read-strategies';
import { ok, type BenchReport, type TargetStatus } from './report';

const worst = (value: ByBitRate) => Math.max(value['106'], value['424'], value['848']);
const least = (value: ByBitRate) => Math.min(value['106'], value['424'], value['848']);
const notMeasured = (target: string): TargetStatus => ({ target, value: '—', met: null });

export function evaluateTargets(report: BenchReport): TargetStatus[] {
  const targets: TargetStatus[] = [];
  const read = ok(report.read);
  if (!read) targets.push(notMeasured('card read ≤ 1.1 × lower bound; faster than 223/160; identity before DG2'));
  for (const [persona, result] of Object.entries(read?.personas ?? {})) {
    const ours = result.strategies.find((strategy) => strategy.name === 'ours');
    if (!ours) continue;
    const ratio = (name: string, value: number) => ({ target: `${persona}: ${name} ≤ 1.1 × lower bound`, value: `${value.toFixed(3)}×`, met: value <= 1.1 });
    targets.push(ratio('APDUs', ours.vsLowerBound.apdus));
    targets.push(ratio('verified-read time (worst bit rate)', worst(ours.vsLowerBound.modelledMs)));
    targets.push(ratio('identity time (worst bit rate)', worst(ours.vsLowerBound.identityMs)));
    for (const [peer, speedUp] of Object.entries(result.speedUp)) {
      targets.push({
        target: `${persona}: faster than ${peer}`,
        value: `verified ${least(speedUp.modelledMs).toFixed(2)}–${worst(speedUp.modelledMs).toFixed(2)}×, identity ${least(speedUp.identityMs).toFixed(2)}–${worst(speedUp.identityMs).toFixed(2)}×`,
        met: least(speedUp.modelledMs) > 1 && least(speedUp.identityMs) > 1,
      });
    }
    targets.push({ target: `${persona}: identity before DG2 starts`, value: `identity ${ours.identityMs['424']} ms, DG2 from ${ours.dg2StartMs?.['424'] ?? '—'} ms (424 kbit/s)`, met: ours.identityBeforeDg2 });
  }
  const eligibility = report.eligibilityDelayMs;
  targets.push(eligibility === null ? notMeasured('eligibility request ≤ 50 ms after identity') : { target: 'eligibility request ≤ 50 ms after identity', value: `${eligibility} ms`, met: eligibility <= 50 });
  const overhead = report.overheadUsPerApdu;
  targets.push(overhead === null ? notMeasured('software overhead ≤ 300 µs/APDU') : { target: 'software overhead ≤ 300 µs/APDU', value: `${overhead} µs`, met: overhead <= 300 });
  const commit = ok(report.commit);
  targets.push(commit ? { target: 'check-in commit p99 ≤ 5 ms', value: `${commit.p99Ms} ms`, met: commit.p99Ms <= 5 } : notMeasured('check-in commit p99 ≤ 5 ms'));
  const rss = ok(report.rss);
  targets.push(rss ? { target: `RSS growth < 10 MB over ${rss.reads} reads`, value: `${rss.growthMb} MB`, met: rss.growthMb < 10 } : notMeasured('RSS growth < 10 MB over 1,000 reads'));
  const startup = ok(report.startup);
  targets.push(startup ? { target: 'web host start ≤ 2 s', value: `${startup.ms} ms`, met: startup.ms <= 2000 } : notMeasured('web host start ≤ 2 s'));
  return targets;
}
