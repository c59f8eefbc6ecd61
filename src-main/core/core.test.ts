import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPkiDir } from '../dev/simulator/pki/fixtures-dir';
import { contractErrorOf, FakeReaderPort, tempDir, testCore, testSettings } from '../dev/testing/fakes';
import { InstallationTrust } from '../trust/installation-trust';
import { fixedClock } from '../util/clock';
import { Uploads } from './uploads';


describe('Core.dispatch', () => {
  it('answers ping with the injected clock', async () => {
    const { core } = await testCore();
    expect(await core.dispatch('demo.ping', { message: 'xin chào' })).toEqual({
      message: 'xin chào',
      receivedAt: '2026-03-15T08:30:00.000Z',
    });
  });

  it('refuses unknown channels and malformed payloads with typed errors', async () => {
    const { core } = await testCore();
    expect((await contractErrorOf(core.dispatch('fs.readFile', {}))).code).toBe('unknown-channel');
    expect((await contractErrorOf(core.dispatch('__proto__', {}))).code).toBe('unknown-channel');
    expect((await contractErrorOf(core.dispatch('demo.ping', { message: 1 }))).code).toBe('bad-request');
    expect((await contractErrorOf(core.dispatch('app.info', { extra: true }))).code).toBe('bad-request');
    expect((await contractErrorOf(core.dispatch('settings.set', { stationCode: 'a1' }))).code).toBe('bad-request');
  });

  it('refuses to pass on a response that breaks the contract', async () => {
    const readers = new FakeReaderPort({ service: 'ok', readers: [{ name: '', cardPresent: true, atr: 'zz' }] });
    const { core, lines } = await testCore(readers);
    expect((await contractErrorOf(core.dispatch('readers.list', {}))).code).toBe('bad-response');
    expect(lines.some((line) => line.includes('invalid response'))).toBe(true);
  });

  it('turns a failing handler into an internal error without leaking its message', async () => {
    const readers = new FakeReaderPort();
    readers.list = async () => {
      throw new Error('boom at /home/secret');
    };
    const { core } = await testCore(readers);
    const error = await contractErrorOf(core.dispatch('readers.list', {}));
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('secret');
  });

  it('keeps settings across restarts of the core', async () => {
    const { core, dataDir } = await testCore();
    expect(await core.dispatch('settings.get', {})).toMatchObject({ language: 'vi', preferredReader: null, stationCode: 'A' });
    await core.dispatch('settings.set', { language: 'en', stationCode: 'B' });
    expect(testSettings(dataDir).get()).toMatchObject({ language: 'en', preferredReader: null, stationCode: 'B' });
  });

  it('relays reader events to subscribers until closed', async () => {
    const { core, readers } = await testCore();
    const seen: unknown[] = [];
    core.subscribe((channel, payload) => seen.push([channel, payload]));
    readers.emit({ type: 'card-inserted', reader: 'ACS ACR1252 1S CL Reader PICC 0', atr: '3B8880' });
    await core.close();
    readers.emit({ type: 'card-removed', reader: 'ACS ACR1252 1S CL Reader PICC 0' });
    expect(seen).toEqual([['readers.changed', { type: 'card-inserted', reader: 'ACS ACR1252 1S CL Reader PICC 0', atr: '3B8880' }]]);
    expect(readers.watcherCount).toBe(0);
  });
});

describe('trust over the contract', () => {
  const fixture = (name: string) => new Uint8Array(readFileSync(join(defaultPkiDir(), name)));

  it('asks before an unsigned import, imports once confirmed, and refuses a tampered signed list with its code', async () => {
    const clock = fixedClock('2026-03-15T08:30:00.000Z');
    const trust = new InstallationTrust({ dataDir: tempDir(), clock });
    const uploads = new Uploads(clock);
    const { core } = await testCore(undefined, { trustAdmin: trust, trust: () => trust.store(), uploads });
    // The file arrives outside the contract; the unsigned one waits under its id for the confirmation.
    const pem = { fileName: 'test-csca.pem', uploadId: uploads.put('trust', fixture('test-csca.pem')) };
    expect(await core.dispatch('trust.import', pem)).toEqual({ status: 'needs-confirmation', reason: 'unsigned', anchors: 1, crls: 0 });
    expect((await contractErrorOf(core.dispatch('trust.import', { ...pem, confirmation: { acceptUnsigned: false } }))).code).toBe('bad-request');
    expect(await core.dispatch('trust.import', { ...pem, confirmation: { acceptUnsigned: true } })).toMatchObject({ status: 'imported', added: 1, signedBy: null });
    const list = (await core.dispatch('trust.list', {})) as Array<{ source: string }>;
    expect(list.filter((entry) => entry.source === 'imported')).toHaveLength(1);
    expect(await core.dispatch('trust.imports', {})).toEqual([
      { at: '2026-03-15T08:30:00.000Z', fileName: 'test-csca.pem', via: 'settings', signedBy: null, unsignedConfirmed: true, added: [expect.stringMatching(/^[0-9A-F]{64}$/)] },
    ]);

    expect((await contractErrorOf(core.dispatch('trust.import', pem))).message).toMatch(/no longer available/);

    const tampered = fixture('test-master-list.ml');
    tampered[tampered.length - 1]! ^= 0x01;
    const refused = await contractErrorOf(core.dispatch('trust.import', { fileName: 'list.ml', uploadId: uploads.put('trust', tampered), confirmation: { acceptUnsigned: true } }));
    expect(refused.code).toBe('bad-request');
    expect(refused.message).toMatch(/^bad-signature: /);
  });
});
