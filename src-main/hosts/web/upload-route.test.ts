import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UPLOAD_LIMITS } from '../../core/uploads';
import { memoryLogger, testCore } from '../../dev/testing/fakes';
import { startWebHost, type WebHost } from './web-host';

let host: WebHost;
let cookie: string;
const received: { purpose: string; bytes: number }[] = [];

beforeAll(async () => {
  const { core } = await testCore();
  const { logger } = await memoryLogger();
  const rendererDir = mkdtempSync(join(tmpdir(), 'tiepdon-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startWebHost({
    core,
    rendererDir,
    logger,
    upload: async (purpose, bytes) => {
      received.push({ purpose, bytes: bytes.length });
      return 'a'.repeat(32);
    },
  });
  const traded = await fetch(host.url, { redirect: 'manual' });
  cookie = traded.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => host.close());

const post = (path: string, body: Uint8Array, headers: Record<string, string>) => fetch(`${host.origin}${path}`, { method: 'POST', body, headers });

describe('POST /upload', () => {
  it('takes a file from our page: cookie and Origin; answers its id', async () => {
    const response = await post('/upload?purpose=certificate', new Uint8Array(1000), { cookie, origin: host.origin });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ uploadId: 'a'.repeat(32) });
    expect(received.at(-1)).toEqual({ purpose: 'certificate', bytes: 1000 });
  });

  it.each([
    ['no cookie', {}, 401],
    ['another origin', { origin: 'http://evil.example' }, 403],
  ])('refuses %s before reading the body', async (_what, extra, status) => {
    const count = received.length;
    const headers: Record<string, string> = { origin: host.origin, cookie, ...extra };
    if (_what === 'no cookie') delete headers.cookie;
    expect((await post('/upload?purpose=certificate', new Uint8Array(10), headers)).status).toBe(status);
    expect(received.length).toBe(count);
  });

  it('refuses a file over the purpose’s limit with 413 and an unknown purpose with 400', async () => {
    const count = received.length;
    expect((await post('/upload?purpose=certificate', new Uint8Array(UPLOAD_LIMITS.certificate + 1), { cookie, origin: host.origin })).status).toBe(413);
    expect((await post('/upload?purpose=firmware', new Uint8Array(10), { cookie, origin: host.origin })).status).toBe(400);
    expect(received.length).toBe(count);
    // The host keeps serving.
    expect((await fetch(`${host.origin}/`, { headers: { cookie } })).status).toBe(200);
  });
});
