// The boundaries of docs/architecture.md are enforced by eslint.config.js (and the floors rule in
// eslint-local/); these cases prove each rule fires where it must and stays quiet where the import is allowed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function errorsOf(ruleId: string, filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === ruleId).length;
}

const restrictedImportErrors = (filePath: string, code: string) => errorsOf('no-restricted-imports', filePath, code);
const floorErrors = (filePath: string, code: string) => errorsOf('local/floors', filePath, code);

describe('import boundaries', () => {
  it.each([
    ['src-renderer/x.ts', "import { Core } from '../src-main/core/core';\nexport { Core };"],
    ['src-renderer/x.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };"],
    ['src-renderer/x.ts', "import { openSqlite } from '../native/sqlite';\nexport { openSqlite };"],
    ['src-main/core/x.ts', "import { app } from 'electron';\nexport { app };"],
    ['src-main/reader/x.ts', "import sc from 'smartcard';\nexport { sc };"],
    ['src-main/store/x.ts', "import Database from 'better-sqlite3';\nexport { Database };"],
    ['src-main/contract/x.ts', "import { join } from 'node:path';\nexport { join };"],
    ['src-main/contract/x.ts', "import type { Core } from '../core/core';\nexport type { Core };"],
    ['src-main/core/x.ts', "import { SimReaderPort } from '../dev/simulator/sim-reader-port';\nexport { SimReaderPort };"],
    ['src-main/cli/commands/checkin2.ts', "import { startGatewaySim } from '../../dev/gateway-sim/server';\nexport { startGatewaySim };"],
    ['src-main/hosts/web/x.ts', "import { openDemo } from '../../demo/demo';\nexport { openDemo };"],
    ['src-main/hosts/electron/x.ts', "import { openDemo } from '../../demo/demo';\nexport { openDemo };"],
  ])('%s: rejects %s', async (filePath, code) => {
    expect(await restrictedImportErrors(filePath, code)).toBe(1);
  });

  it.each([
    ['src-renderer/x.ts', "import { requests } from '../src-main/contract';\nexport { requests };"],
    ['src-main/hosts/electron/x.ts', "import { app } from 'electron';\nexport { app };"],
    ['native/x.ts', "import sc from 'smartcard';\nexport { sc };"],
    ['src-main/contract/x.ts', "import { z } from 'zod';\nimport { Settings } from './schemas';\nexport { z, Settings };"],
    ['src-main/reader/x.ts', "import { listPcscReaders } from '../../native/pcsc';\nexport { listPcscReaders };"],
    ['src-main/hosts/web/x.ts', "export const load = () => import('../../demo/demo');"],
    ['src-main/demo/x.ts', "import { SimReaderPort } from '../dev/simulator/sim-reader-port';\nexport { SimReaderPort };"],
    ['src-main/dev/cli/sim.ts', "import { SimReaderPort } from '../simulator/sim-reader-port';\nexport { SimReaderPort };"],
  ])('%s: allows %s', async (filePath, code) => {
    expect(await restrictedImportErrors(filePath, code)).toBe(0);
  });

  describe('floors', () => {
    it.each([
      // up a floor: a port importing a service, a service importing the composition, the contract importing a port
      ['src-main/store/x.ts', "import { CheckInService } from '../checkin';\nexport { CheckInService };"],
      ['src-main/checkin/x.ts', "import type { Core } from '../core/core';\nexport type { Core };"],
      ['src-main/util/x.ts', "export type Store = import('../store').Store;"],
      ['src-main/insurance/x.ts', "export { DeskReads } from '../desk/desk-reads';"],
      // production code reaching dev tooling, statically or lazily, from any floor but the demo bridge
      ['src-main/checkin/x.ts', "import { tempDir } from '../dev/testing/fakes';\nexport { tempDir };"],
      ['src-main/cli/x.ts', "export const load = () => import('../dev/simulator/personas/registry');"],
      ['src-main/core/x.ts', "export const load = () => import('../dev/gateway-sim/server');"],
      // a folder nobody placed
      ['src-main/newroom/x.ts', 'export const x = 1;'],
    ])('%s: rejects %s', async (filePath, code) => {
      expect(await floorErrors(filePath, code)).toBe(1);
    });

    it.each([
      ['src-main/checkin/x.ts', "import { Store } from '../store';\nexport { Store };"],
      ['src-main/desk/x.ts', "import { CheckInService } from '../checkin';\nexport { CheckInService };"],
      ['src-main/store/x.ts', "import type { EligibilityResult } from '../insurance';\nexport type { EligibilityResult };"],
      ['src-main/hosts/web/x.ts', "export const load = () => import('../../demo/demo');"],
      ['src-main/demo/x.ts', "import { SimReaderPort } from '../dev/simulator/sim-reader-port';\nexport { SimReaderPort };"],
      ['src-main/dev/testing/x.ts', "import { Core } from '../../core/core';\nexport { Core };"],
      ['src-main/store/x.test.ts', "import { tempDir } from '../dev/testing/fakes';\nexport { tempDir };"],
      ['src-main/reader/x.ts', "import { listPcscReaders } from '../../native/pcsc';\nexport { listPcscReaders };"],
    ])('%s: allows %s', async (filePath, code) => {
      expect(await floorErrors(filePath, code)).toBe(0);
    });
  });
});
