// Where the test PKI's files live: <repo>/fixtures/pki, found from this module's own location by walking
// up to the nearest package.json, so it works from the sources (tsx, vitest) and from a bundle in out/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestPkiError } from './errors';

export function defaultPkiDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'fixtures', 'pki');
    if (dirname(dir) === dir) throw new TestPkiError('missing-fixture', `no package.json above ${from}`);
  }
}
