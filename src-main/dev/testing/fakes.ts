// Fakes shared by tests of the core and its hosts.
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractError, type NowServing, type ReaderEvent, type ReaderList } from '../../contract';
import type { VisitsPort } from '../../desk/visits-port';
import { fixedClock } from '../../util/clock';
import { Core, type CoreDeps } from '../../core/core';
import { createLogger, type Logger } from '../../log/logger';
import { ReaderError, type CardConnection, type ReaderPort } from '../../reader/port';
import { Downloads } from '../../core/downloads';
import { Uploads } from '../../core/uploads';
import { SecretVault } from '../../settings/secret-vault';
import { SettingsStore } from '../../settings/settings-store';
import { TrustStore } from '../../trust/trust-store';

export class FakeReaderPort implements ReaderPort {
  private listeners = new Set<(event: ReaderEvent) => void>();
  constructor(public readers: ReaderList = { service: 'ok', readers: [] }) {}
  async list(): Promise<ReaderList> {
    return this.readers;
  }
  watch(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async connect(reader: string): Promise<CardConnection> {
    throw new ReaderError('no-card', `no card on ${reader}`);
  }
  emit(event: ReaderEvent): void {
    for (const listener of this.listeners) listener(event);
  }
  get watcherCount(): number {
    return this.listeners.size;
  }
}

/** Visits that refuse to be created: for tests of everything around them. */
export class FakeVisits implements VisitsPort {
  audit() {
    return [];
  }
  async checkIn(): Promise<never> {
    throw new ContractError('unavailable', 'no visit store in this test');
  }
  async today() {
    return [];
  }
  async retry() {}
  async ticket(): Promise<never> {
    throw new ContractError('unavailable', 'no visit store in this test');
  }
  async cancel(): Promise<never> {
    throw new ContractError('unavailable', 'no visit store in this test');
  }
  async correct(): Promise<never> {
    throw new ContractError('unavailable', 'no visit store in this test');
  }
  async callNext(_counter: string): Promise<NowServing | null> {
    return null;
  }
  async skip() {
    return null;
  }
  async recall() {
    return null;
  }
  async nowServing() {
    return [];
  }
  async display() {
    return { site: 'none' as const, current: [], recent: [] };
  }
  queueSite() {
    return { site: 'none' as const };
  }
  syncState() {
    return { connectivity: 'online' as const, pending: 0, dead: 0 };
  }
  async flush() {
    return this.syncState();
  }
  hisState() {
    return { configured: false, connectivity: 'online' as const, pending: 0, dead: 0 };
  }
  async hisRetryDead() {
    return this.hisState();
  }
  async lastPurge() {
    return null;
  }
  watch() {
    return () => {};
  }
  async close() {}
}

/** The ContractError a request is refused with; anything else (or no refusal) fails the test. */
export async function contractErrorOf(promise: Promise<unknown>): Promise<ContractError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('expected a ContractError');
}

/** A logger whose lines are kept in memory, for assertions. */
export async function memoryLogger(): Promise<{ logger: Logger; lines: string[] }> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: await createLogger({ destination, level: 'debug' }), lines };
}

export function tempDir(prefix = 'tiepdon-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A settings store in `dir` whose secrets are sealed with a key made for the test (one key per folder). */
export function testSettings(dir: string, now?: () => Date): SettingsStore {
  const keyFile = join(dir, 'test-master.key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32));
  return new SettingsStore(join(dir, 'settings.json'), new SecretVault(join(dir, 'secrets.sealed'), readFileSync(keyFile)), now);
}

export async function testCore(readers = new FakeReaderPort(), overrides: Partial<CoreDeps> = {}) {
  const { logger, lines } = await memoryLogger();
  const dataDir = tempDir();
  const clock = fixedClock('2026-03-15T08:30:00.000Z');
  const core = new Core({
    info: () => ({ name: 'Tiếp đón', version: '0.0.0-test', host: 'web', mode: 'production', setupRequired: false, platform: 'linux', notices: [] }),
    readers,
    settings: testSettings(dataDir),
    clock,
    logger,
    trust: () => new TrustStore(),
    gateway: () => null,
    operators: null,
    uploads: new Uploads(clock),
    downloads: new Downloads(clock),
    setCertificate: () => {
      throw new ContractError('unavailable', 'no certificates in this test');
    },
    testConnection: () => Promise.reject(new ContractError('unavailable', 'no gateway in this test')),
    restart: () => undefined,
    demo: null,
    setMode: () => undefined,
    visits: new FakeVisits(),
    trustAdmin: { list: () => [], imports: () => [], import: () => ({ status: 'needs-confirmation' as const, reason: 'unsigned' as const, anchors: 0, crls: 0 }) },
    ...overrides,
  });
  return { core, readers, lines, dataDir, logger };
}
