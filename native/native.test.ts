import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../src-main/dev/testing/fakes';
import { NativeModuleError } from './errors';
import { listPcscReaders, PcscServiceError } from './pcsc';
import { openSqlite } from './sqlite';

describe('native modules load under this Node', () => {
  it('better-sqlite3 opens a WAL database on disk', () => {
    const db = openSqlite(join(tempDir(), 'probe.db'));
    expect(db.pragma('journal_mode = WAL', { simple: true })).toBe('wal');
    expect(db.prepare('select 6 * 7 as answer').get()).toEqual({ answer: 42 });
    db.close();
  });

  it('smartcard loads and talks to PC/SC (readers listed, or the service reported missing)', () => {
    let outcome: unknown;
    try {
      outcome = listPcscReaders();
    } catch (error) {
      outcome = error;
    }
    expect(outcome).not.toBeInstanceOf(NativeModuleError);
    if (!Array.isArray(outcome)) expect(outcome).toBeInstanceOf(PcscServiceError);
  });

  it('runs on Node 22 or later, as better-sqlite3 13 and Electron 45 require', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });
});
