// `npm run fixtures:pki [-- <dir>]`: writes the deterministic test PKI to fixtures/pki/ (or <dir>).
// Re-running it must leave `git status` clean; if it does not, the generator stopped being deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPkiDir } from './fixtures-dir';
import { generateTestPki } from './generate-test-pki';

const dir = process.argv[2] ?? defaultPkiDir();
mkdirSync(dir, { recursive: true });
const { files } = generateTestPki();
for (const [name, contents] of files) {
  writeFileSync(join(dir, name), contents);
  process.stdout.write(`wrote ${join(dir, name)}\n`);
}
