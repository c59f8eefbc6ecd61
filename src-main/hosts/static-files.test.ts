import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../dev/testing/fakes';
import { resolveStaticFile } from './static-files';

describe('resolveStaticFile', () => {
  const root = tempDir();
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '');
  writeFileSync(join(root, 'assets', 'a.js'), '');

  it('maps / to index.html and knows the MIME types', () => {
    expect(resolveStaticFile(root, '/')).toEqual({ path: join(root, 'index.html'), mimeType: 'text/html; charset=utf-8' });
    expect(resolveStaticFile(root, '/assets/a.js')?.mimeType).toBe('text/javascript; charset=utf-8');
  });

  it('refuses traversal, encoded traversal, NUL bytes, directories and missing files', () => {
    for (const path of ['/../etc/passwd', '/..%2F..%2Fetc%2Fpasswd', '/assets/%2e%2e/%2e%2e/x', '/index.html%00.js', '/assets', '/nope.js', '/%E0%A4%A']) {
      expect(resolveStaticFile(root, path), path).toBeNull();
    }
  });
});
