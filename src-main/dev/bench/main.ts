// `npm run bench`: card-read strategies against peers and the physical limit, our per-APDU overhead, the
// delay to the eligibility request, store commits, outbox drain, web-host start and a leak check, in one
// run (issue 11); the site store under 40 stations' load (issue 24, `--only site`). Prints tables, then the JSON; `-- --json` prints only the JSON. Progress goes to stderr.
// Benchmarks measure and report; they never assert a target (the targets are listed with where we stand).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadChipImage } from '../simulator/personas/registry';
import { defaultLinkModel, type LinkModelOptions } from '../simulator/link-model';
import { measureDiskSync } from './disk-sync';
import { measureEligibilityDelay } from './eligibility-delay';
import { benchmarkReads, BIT_RATES } from './read-strategies';
import { measureRecoveryCost, type RecoveryCost } from './recovery-cost';
import { renderReport, type BenchReport } from './report';
import { measureRss } from './rss';
import { measureSiteLoad } from './site-bench';
import { measureSoftwareOverhead } from './software-overhead';
import { measureCommitLatency, measureDrain } from './store-bench';
import { evaluateTargets } from './targets';
import { measureWebHostStart } from './web-host-start';

const SECTIONS = ['read', 'recovery', 'overhead', 'eligibility', 'commit', 'drain', 'startup', 'rss', 'site'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    /** Smaller runs for working on the benchmark itself; the figures say they are from a quick run. */
    quick: { type: 'boolean', default: false },
    /** Drain the whole backlog instead of a 45-second time box (about six minutes more on 2 cores). */
    'full-drain': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const only = new Set((values.only?.split(',') ?? SECTIONS).map((name) => name.trim()));
for (const name of only) if (!SECTIONS.includes(name as Section)) throw new Error(`unknown section ${name}; sections: ${SECTIONS.join(', ')}`);
const quick = values.quick;
const sizes = quick
  ? { overheadRuns: 20, eligibilityRuns: 3, commits: 200, drainItems: 1_000, drainSeconds: 10, startRuns: 1, reads: 100, siteSeconds: 15, siteCompression: 2 }
  : { overheadRuns: 60, eligibilityRuns: 5, commits: 1_000, drainItems: 10_000, drainSeconds: 45, startRuns: 3, reads: 1_000, siteSeconds: 60, siteCompression: 5 };

const PERSONAS = ['an', 'lan-anh-lon'];
const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

async function section<T>(name: Section, run: () => Promise<T>): Promise<T | { error: string } | null> {
  if (!only.has(name)) return null;
  const started = performance.now();
  progress(`${name}…`);
  try {
    const result = await run();
    progress(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    progress(`${name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The one link model of every strategy; the bit rate varies by column. */
function linkModelWithoutRate(): Omit<LinkModelOptions, 'bitRate'> {
  const { exchangeMs, blockPayload, blockFraming, chipMs, smMsPerByte } = defaultLinkModel(424);
  return { exchangeMs, blockPayload, blockFraming, chipMs, smMsPerByte };
}

const started = performance.now();
const an = loadChipImage('an');

const read = await section('read', async () => {
  const personas: Record<string, Awaited<ReturnType<typeof benchmarkReads>>> = {};
  for (const id of PERSONAS) personas[id] = await benchmarkReads(loadChipImage(id));
  const primary = personas.an!;
  return {
    persona: 'an',
    strategies: primary.strategies,
    lowerBound: primary.lowerBound,
    speedUp: primary.speedUp,
    personas,
    linkModel: { ...linkModelWithoutRate(), bitRates: BIT_RATES },
  };
});
const recovery = await section('recovery', async () => {
  const costs: RecoveryCost[] = [];
  for (const id of ['plain-status', 'unauthenticated-eof']) costs.push(await measureRecoveryCost(loadChipImage(id)));
  return costs;
});
const overhead = await section('overhead', () => measureSoftwareOverhead(an, sizes.overheadRuns));
const eligibility = await section('eligibility', () => measureEligibilityDelay(an, sizes.eligibilityRuns));
const commit = await section('commit', async () => ({ ...(await measureCommitLatency(sizes.commits)), diskFsync: measureDiskSync() }));
const drain = await section('drain', () => measureDrain(sizes.drainItems, { maxSeconds: values['full-drain'] ? null : sizes.drainSeconds }));
const startup = await section('startup', () => measureWebHostStart(sizes.startRuns));
const rss = await section('rss', () => measureRss(sizes.reads));
// 40 stations at 2,000 check-ins an hour each, `siteCompression` simulated hours per real hour.
const site = await section('site', () => measureSiteLoad({ stations: 40, seconds: sizes.siteSeconds, compression: sizes.siteCompression }));

const value = <T extends object, K extends keyof T>(result: T | { error: string } | null, key: K): T[K] | null =>
  result && !('error' in result) ? (result as T)[key] : null;

const report: BenchReport = {
  meta: {
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    quick,
    node: process.version,
    platform: `${process.platform} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
  },
  read,
  recovery,
  overheadUsPerApdu: value(overhead, 'overheadUsPerApdu'),
  overhead,
  eligibilityDelayMs: value(eligibility, 'eligibilityDelayMs'),
  eligibility,
  commit,
  drain,
  startup,
  rss,
  site,
  targets: [],
};
report.targets = evaluateTargets(report);

if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else process.stdout.write(`${renderReport(report)}\n\n${JSON.stringify(report, null, 2)}\n`);
