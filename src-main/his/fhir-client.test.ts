import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { tempDir } from '../dev/testing/fakes';
import { FhirReceiver, type ReceiverBehaviour } from '../dev/testing/fhir-receiver';
import { HisError } from './errors';
import { FhirClient } from './fhir-client';

const bundle: Bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [{ fullUrl: 'urn:uuid:0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10', resource: { resourceType: 'Patient', id: '0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10', name: [{ text: 'NGUYỄN VĂN AN' }] }, request: { method: 'PUT', url: 'Patient/0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10' } }],
};

let receiver: FhirReceiver;
beforeAll(async () => {
  receiver = await new FhirReceiver().start();
});
afterAll(() => receiver.stop());

const client = (overrides: Partial<ConstructorParameters<typeof FhirClient>[0]> = {}) =>
  new FhirClient({ baseUrl: receiver.url, auth: { kind: 'bearer', token: 'tok-123' }, timeouts: { connectMs: 1_000, totalMs: 1_500 }, ...overrides });

async function failure(behaviour: ReceiverBehaviour): Promise<{ error: HisError; ms: number }> {
  receiver.behaviour = behaviour;
  const started = performance.now();
  const fhir = client();
  try {
    await fhir.transaction(bundle);
  } catch (error) {
    if (!(error instanceof HisError)) throw error;
    return { error, ms: performance.now() - started };
  } finally {
    fhir.close();
    receiver.behaviour = 'ok';
  }
  throw new Error('expected a HisError');
}

describe('the FHIR client against a hostile or failing HIS', () => {
  it('POSTs the transaction as application/fhir+json with the bearer token (or basic auth) and keeps each entry’s answer', async () => {
    const fhir = client();
    const receipt = await fhir.transaction(bundle);
    expect(receipt).toEqual({ httpStatus: 200, entries: [{ status: '201 Created', location: 'Patient/0b7d7e0e-33b4-4a0c-9e43-5c2a1d7f9e10/_history/1', etag: 'W/"1"', lastModified: null }] });
    expect(receiver.received.at(-1)).toMatchObject({ authorization: 'Bearer tok-123', contentType: 'application/fhir+json; charset=utf-8' });
    fhir.close();
    const basic = client({ auth: { kind: 'basic', username: 'tiepdon', password: 'mật-khẩu' } });
    await basic.transaction(bundle);
    expect(receiver.received.at(-1)!.authorization).toBe(`Basic ${Buffer.from('tiepdon:mật-khẩu').toString('base64')}`);
    basic.close();
  });

  it('a huge answer is refused at the size limit (bad-response, retryable)', async () => {
    const { error } = await failure('huge');
    expect([error.code, error.retryable]).toEqual(['bad-response', true]);
  });

  it('a malformed answer is bad-response; a slow one or none at all is a timeout within the deadline', async () => {
    expect((await failure('malformed')).error.code).toBe('bad-response');
    for (const behaviour of ['slow', 'hang'] as const) {
      const { error, ms } = await failure(behaviour);
      expect([error.code, error.unreachable]).toEqual(['timeout', true]);
      expect(ms).toBeLessThan(3_000);
    }
  });

  it('401 is auth and 422 rejected (staff must look: not retryable); 503 is server with its Retry-After', async () => {
    expect(await failure('unauthorized').then(({ error }) => [error.code, error.retryable])).toEqual(['auth', false]);
    const rejected = (await failure('rejected')).error;
    // The OperationOutcome's code and path, never its free text: this server echoes the patient's name there.
    expect([rejected.code, rejected.retryable, rejected.message]).toEqual(['rejected', false, 'the HIS answered 422: invalid at Encounter.class']);
    const server = (await failure('server-error')).error;
    expect([server.code, server.retryable, server.details.retryAfterMs]).toEqual(['server', true, 30_000]);
  });

  it('a redirect is not followed (the token never goes to another host): rejected, kept for staff', async () => {
    const elsewhere = await new FhirReceiver().start();
    try {
      receiver.redirectTo = elsewhere.url;
      const { error } = await failure('redirect');
      expect([error.code, error.retryable, error.message]).toEqual(['rejected', false, 'the HIS answered 307']);
      expect(elsewhere.received).toEqual([]);
    } finally {
      await elsewhere.stop();
    }
  });

  it('a 200 whose body is an OperationOutcome is not taken for a receipt: bad-response, sent again later', async () => {
    const { error } = await failure('ok-outcome');
    expect([error.code, error.retryable]).toEqual(['bad-response', true]);
  });

  it('a HIS that is down is network (unreachable); a URL that is not http(s) is refused at once', async () => {
    await receiver.stop();
    try {
      const fhir = client();
      const error = await fhir.transaction(bundle).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HisError);
      expect([(error as HisError).code, (error as HisError).unreachable]).toEqual(['network', true]);
      fhir.close();
    } finally {
      await receiver.start();
    }
    expect(() => new FhirClient({ baseUrl: 'ftp://his.example/fhir', auth: { kind: 'none' } })).toThrow(HisError);
  });
});

/** A CA and a certificate for 127.0.0.1 it signed, made by openssl for this run. */
function testTls(): { caPem: string; key: string; cert: string } {
  const dir = tempDir();
  const run = (args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openssl ${args[0]}: ${result.stderr}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=HIS TEST CA']);
  run(['req', ...ec, '-keyout', 'his.key', '-out', 'his.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run(['x509', '-req', '-in', 'his.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'his.pem', '-days', '2', '-extfile', 'san.ext']);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { caPem: read('ca.pem'), key: read('his.key'), cert: read('his.pem') };
}

describe('the FHIR client over TLS', () => {
  it('trusts an HIS whose private CA is in Settings; without it, the handshake fails as tls (staff must look, waiting does not help)', async () => {
    const tls = testTls();
    const secure = await new FhirReceiver({ key: tls.key, cert: tls.cert }).start();
    try {
      const trusting = new FhirClient({ baseUrl: secure.url, auth: { kind: 'bearer', token: 't' }, caPem: tls.caPem, timeouts: { connectMs: 2_000, totalMs: 3_000 } });
      expect((await trusting.transaction(bundle)).httpStatus).toBe(200);
      expect(secure.received).toHaveLength(1);
      trusting.close();
      const untrusting = new FhirClient({ baseUrl: secure.url, auth: { kind: 'bearer', token: 't' }, timeouts: { connectMs: 2_000, totalMs: 3_000 } });
      const error = await untrusting.transaction(bundle).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HisError);
      expect([(error as HisError).code, (error as HisError).retryable, (error as HisError).message]).toEqual(['tls', false, "the HIS's certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"]);
      expect(secure.received).toHaveLength(1);
      untrusting.close();
    } finally {
      await secure.stop();
    }
  });
});
