// The runtime boundaries of ARCHITECTURE.md are enforced by eslint.config.js; these cases prove each
// rule fires where it must and stays quiet where the import is allowed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImportErrors(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').length;
}

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
    ['src-main/cli/commands/sim.ts', "import { SimReaderPort } from '../../dev/simulator/sim-reader-port';\nexport { SimReaderPort };"],
  ])('%s: allows %s', async (filePath, code) => {
    expect(await restrictedImportErrors(filePath, code)).toBe(0);
  });
});
