// The benchmark's result, its JSON shape and its printed tables.
//
// JSON (every figure also printed):
//   meta                       when, how long, on what (node, CPUs), quick or full run
//   read.persona               'an': read.strategies and read.lowerBound below are this persona's
//   read.strategies[]          {name, description, apdus, bytes, modelledMs:{"106","424","848"}, identityMs:{…},
//                               dg2StartMs:{…}, identityBeforeDg2, identityDetourMs:{…}, vsLowerBound:{apdus, modelledMs, identityMs}}
//   read.lowerBound            {apdus, bytes, identityApdus, modelledMs:{…}, identityMs:{…}, card, files}
//   read.speedUp[peer]         {modelledMs:{…}, identityMs:{…}}: peer's time over ours
//   read.personas[id]          the same three for every persona ('an', 'lan-anh-lon'), plus warnings
//   read.linkModel             the one link model every strategy ran under
//   recovery[]                 {persona, quirks, recoveries, apdus, modelledMs:{…}, withoutQuirks, lowerBound,
//                               vsLowerBound:{…}, vsWithoutQuirks:{…}}: chips whose reads lose SM and recover
//   overheadUsPerApdu          µs of our stack per APDU (details in overhead)
//   eligibilityDelayMs         identity event → card check arriving at the gateway (details in eligibility)
//   commit {p50Ms, p99Ms, …, diskFsync}
//   drain {items, seconds, perSecond, queued, complete, timeBoxSeconds, …}: items = sent and done
//   startup {ms, …}            rss {beforeMb, afterMb, …}
//   site {stations, reservationMs, publishLagMs, callToDisplayMs: {p50, p99, max, n}, storeBytes, …}: 40 stations on one PostgreSQL
//   targets[]                  {target, value, met}: where we stand; never asserted
// A section that failed holds {error}; one not run (--only) is null.
import type { SiteLoad } from './site-bench';
import type { LinkModelOptions } from '../simulator/link-model';
import type { DiskSync } from './disk-sync';
import type { EligibilityDelay } from './eligibility-delay';
import type { ByBitRate, LowerBoundResult, PersonaReadResult, StrategyResult } from './read-strategies';
import type { RecoveryCost } from './recovery-cost';
import type { RssCheck } from './rss';
import type { SoftwareOverhead } from './software-overhead';
import type { CommitLatency, DrainThroughput } from './store-bench';
import type { WebHostStart } from './web-host-start';

export type Outcome<T> = T | { error: string } | null;

/** One target of issue 11 and where the run stands (targets.ts evaluates them). */
export interface TargetStatus {
  target: string;
  value: string;
  /** null when the section did not run or failed. */
  met: boolean | null;
}

export interface ReadSection {
  persona: string;
  strategies: StrategyResult[];
  lowerBound: LowerBoundResult;
  speedUp: PersonaReadResult['speedUp'];
  personas: Record<string, PersonaReadResult>;
  linkModel: Omit<LinkModelOptions, 'bitRate'> & { bitRates: readonly number[] };
}

export interface BenchReport {
  meta: { startedAt: string; seconds: number; quick: boolean; node: string; platform: string; cpus: number; cpuModel: string };
  read: Outcome<ReadSection>;
  recovery: Outcome<RecoveryCost[]>;
  overheadUsPerApdu: number | null;
  overhead: Outcome<SoftwareOverhead>;
  eligibilityDelayMs: number | null;
  eligibility: Outcome<EligibilityDelay>;
  commit: Outcome<CommitLatency & { diskFsync: DiskSync }>;
  drain: Outcome<DrainThroughput>;
  startup: Outcome<WebHostStart>;
  rss: Outcome<RssCheck>;
  site: Outcome<SiteLoad>;
  targets: TargetStatus[];
}

export function ok<T>(outcome: Outcome<T>): T | null {
  return outcome && !(typeof outcome === 'object' && 'error' in outcome) ? outcome : null;
}

/** Columns padded to their widest cell; the columns named in `right` (numbers) aligned right below the header. */
export function formatTable(rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row, index) =>
      row
        .map((cell, column) => (index > 0 && right.includes(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const rates = (value: ByBitRate | null, digits = 0) => (value ? [value['106'], value['424'], value['848']].map((ms) => ms.toFixed(digits)).join(' / ') : '—');
const times = (value: number) => `${value.toFixed(2)}×`;

function readTables(read: ReadSection): string[] {
  const out: string[] = [];
  const model = read.linkModel;
  out.push(
    `Card read (modelled: ${model.exchangeMs} ms per APDU, I-blocks ${model.blockPayload}+${model.blockFraming} B, chip PACE ${model.chipMs.pace} / CA ${model.chipMs.ca} / AA ${model.chipMs.aa} ms, SM ${model.smMsPerByte} ms/B; times at ${model.bitRates.join(' / ')} kbit/s; LB = lower bound, see lower-bound.ts)`,
  );
  for (const [persona, result] of Object.entries(read.personas)) {
    const lb = result.lowerBound;
    const rows = [['persona ' + persona, 'APDUs', 'bytes', 'verified read ms', 'identity ms', 'DG2 starts ms', '×LB APDUs', '×LB verified (worst)', '×LB identity (worst)', 'identity < DG2']];
    for (const strategy of result.strategies) {
      const worst = (value: ByBitRate) => times(Math.max(value['106'], value['424'], value['848']));
      rows.push([
        strategy.name,
        String(strategy.apdus),
        String(strategy.bytes),
        rates(strategy.modelledMs),
        rates(strategy.identityMs),
        rates(strategy.dg2StartMs),
        times(strategy.vsLowerBound.apdus),
        worst(strategy.vsLowerBound.modelledMs),
        worst(strategy.vsLowerBound.identityMs),
        strategy.identityBeforeDg2 ? 'yes' : 'no',
      ]);
    }
    rows.push(['lower bound', String(lb.apdus), String(lb.bytes), rates(lb.modelledMs), rates(lb.identityMs), '—', '1.00×', '1.00×', '1.00×', '—']);
    out.push('', formatTable(rows, [1, 2, 3, 4, 5, 6, 7, 8]));
    for (const [peer, speedUp] of Object.entries(result.speedUp)) {
      out.push(`  ours vs ${peer}: verified read ${rates(speedUp.modelledMs, 2)}× faster, identity ${rates(speedUp.identityMs, 2)}× sooner`);
    }
    const ours = result.strategies.find((strategy) => strategy.name === 'ours');
    if (ours) out.push(`  ours spends ${rates(ours.identityDetourMs, 1)} ms before the identity on files the identity does not need (e.g. EF.COM)`);
    for (const warning of result.warnings) out.push(`  warning: ${warning}`);
  }
  return out;
}

const failed = (name: string, outcome: Outcome<unknown>) => (outcome && typeof outcome === 'object' && 'error' in outcome ? [`${name}: FAILED — ${String(outcome.error)}`] : []);

export function renderReport(report: BenchReport): string {
  const out: string[] = [`Tiếp đón benchmarks — ${report.meta.startedAt}, ${report.meta.seconds} s, Node ${report.meta.node}, ${report.meta.cpus}× ${report.meta.cpuModel}${report.meta.quick ? ' (QUICK RUN: smaller samples)' : ''}`, ''];
  const read = ok(report.read);
  if (read) out.push(...readTables(read), '');
  out.push(...failed('read', report.read));
  const recovery = ok(report.recovery);
  if (recovery) {
    const rows = [['recovering read (ms at 106 / 424 / 848)', 'recoveries', 'APDUs', 'read ms', 'without quirk ms', 'lower bound ms', '×LB', '×without quirk']];
    for (const cost of recovery) {
      rows.push([`${cost.persona} (${cost.quirks.join(', ')})`, String(cost.recoveries), `${cost.apdus} (${cost.withoutQuirks.apdus}, LB ${cost.lowerBound.apdus})`, rates(cost.modelledMs), rates(cost.withoutQuirks.modelledMs), rates(cost.lowerBound.modelledMs), rates(cost.vsLowerBound, 2), rates(cost.vsWithoutQuirks, 2)]);
    }
    out.push(formatTable(rows, [1, 3, 4, 5, 6, 7]), '');
  }
  out.push(...failed('recovery', report.recovery));

  const rows: string[][] = [['measure', 'value', 'detail']];
  const overhead = ok(report.overhead);
  if (overhead) {
    rows.push(['software overhead per APDU', `${overhead.overheadUsPerApdu} µs`, `median of ${overhead.runs} reads of ${overhead.persona} (${overhead.apdusPerRead} APDUs, ${overhead.readMs} ms), card taken out`]);
    rows.push(['  without PACE/CA/AA steps', `${overhead.withoutPublicKeyUsPerApdu} µs`, `public-key host time per read: PACE ${overhead.publicKeyMs.pace} ms, CA ${overhead.publicKeyMs.ca} ms, AA ${overhead.publicKeyMs.aa} ms`]);
    rows.push(['  gap before a READ BINARY', `${overhead.readBinaryGapUs} µs`, `simulated card itself: ${overhead.cardUsPerApdu} µs per APDU`]);
  }
  const eligibility = ok(report.eligibility);
  if (eligibility) {
    rows.push(['identity → eligibility request', `${eligibility.eligibilityDelayMs} ms`, `at the gateway; ${eligibility.toClientRequestMs} ms to the client request; median of ${eligibility.runs}`]);
    rows.push(['  first read (login first)', `${eligibility.coldMs} ms`, `without link delays (CPU busy with the rest of the read): ${eligibility.noLinkDelayMs} ms`]);
  }
  const commit = ok(report.commit);
  if (commit) {
    rows.push(['check-in commit p50 / p99', `${commit.p50Ms} / ${commit.p99Ms} ms`, `${commit.commits} commits, max ${commit.maxMs} ms, ${commit.disk}`]);
    rows.push(['  disk fdatasync p50 / p99', `${commit.diskFsync.p50Ms} / ${commit.diskFsync.p99Ms} ms`, 'the floor under a synchronous=FULL commit']);
  }
  const drain = ok(report.drain);
  if (drain) {
    const scope = drain.complete ? `all ${drain.items} items` : `first ${drain.items} of ${drain.queued} queued (time box ${drain.timeBoxSeconds} s)`;
    rows.push(['outbox drain', `${drain.perSecond} items/s`, `${scope} in ${drain.seconds} s, ${drain.msPerItem} ms each; gateway latency ${drain.gatewayLatencyMs} ms, concurrency ${drain.concurrency}`]);
  }
  const startup = ok(report.startup);
  if (startup) rows.push(['web host cold start', `${startup.ms} ms`, `to demo.ping answered; runs ${startup.runsMs.join(', ')} ms; URL printed at ${startup.urlPrintedMs} ms`]);
  const rss = ok(report.rss);
  if (rss) rows.push(['core RSS before → after', `${rss.beforeMb} → ${rss.afterMb} MB`, `${rss.reads} reads in ${rss.seconds} s; heap ${rss.heapUsedMb.before} → ${rss.heapUsedMb.after} MB`]);
  const site = ok(report.site);
  if (site) {
    const load = `${site.stations} stations × ${site.checkInsPerHour}/h at ×${site.compression} for ${site.seconds} s: ${site.checkIns} check-ins (${site.achievedCheckInsPerSecond}/s), ${site.calls} calls, ${site.errors} errors`;
    rows.push(['site number reservation p50 / p99', `${site.reservationMs.p50} / ${site.reservationMs.p99} ms`, load]);
    rows.push(['  site publish lag p50 / p99', `${site.publishLagMs.p50} / ${site.publishLagMs.p99} ms`, `reserve answered → visit published; max ${site.publishLagMs.max} ms`]);
    rows.push(['  call → display p50 / p99', `${site.callToDisplayMs.p50} / ${site.callToDisplayMs.p99} ms`, `desk's press → NOTIFY at a display (${site.callToDisplayMs.n} calls); max ${site.callToDisplayMs.max} ms`]);
    rows.push(['  site store per 100,000 visits', `${Math.round(site.storeBytes.perHundredThousandVisits / 1_048_576)} MB`, `measured growth ${Math.round((site.storeBytes.after - site.storeBytes.before) / 1024)} kB for ${site.checkIns} visits and their calls`]);
  }
  if (rows.length > 1) out.push(formatTable(rows, [1]));
  for (const [name, outcome] of [
    ['overhead', report.overhead],
    ['eligibility', report.eligibility],
    ['commit', report.commit],
    ['drain', report.drain],
    ['startup', report.startup],
    ['rss', report.rss],
    ['site', report.site],
  ] as const) {
    out.push(...failed(name, outcome));
  }

  out.push('', 'Targets (reported, never asserted)');
  out.push(formatTable([['target', 'where we stand', 'met'], ...report.targets.map((target) => [target.target, target.value, target.met === null ? 'not measured' : target.met ? 'yes' : 'NO'])]));
  return out.join('\n');
}
