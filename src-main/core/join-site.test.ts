// The setup screen's site check and join through the core, against a site store faked at the joining
// port (a real PostgreSQL: join-site.system.ts) and, for the network failures, real sockets.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, type AppInfo, type SiteCheck } from '../contract';
import { contractErrorOf, tempDir, testCore, testSettings } from '../dev/testing/fakes';
import { freePort } from '../dev/testing/postgres';
import { sealEnrolment } from '../site-store/enrolment';
import { PiiCipher } from '../store';
import { fixedClock } from '../util/clock';
import { checkSite, type OpenSite } from './join-site';
import { UPLOAD_LIMITS, Uploads } from './uploads';

const PASSPHRASE = 'mật khẩu đăng ký 2026';
const PG_PASSWORD = 'mật-khẩu-máy-chủ';
const SITE_URL = `postgres://tiepdon:${encodeURIComponent(PG_PASSWORD)}@db.benhvien.local:5432/tiepdon`;

interface FakeSite {
  siteId: string;
  demo: boolean;
  key: Uint8Array;
}

const newSite = (demo = false): FakeSite => ({ siteId: randomUUID(), demo, key: new Uint8Array(randomBytes(32)) });
const fileOf = (site: FakeSite, passphrase = PASSPHRASE) => new TextEncoder().encode(sealEnrolment(site, passphrase));

/** A site store that answers from memory; `owners` are its enrolled station codes. */
function fakeSiteStore(site: FakeSite, owners = new Map<string, string>()) {
  const opened: { url: string; password: string | null | undefined }[] = [];
  const open: OpenSite = (options) => {
    opened.push({ url: options.url, password: options.password });
    return {
      identity: async () => ({ siteId: site.siteId, demo: site.demo, schemaVersion: 3, keyCheck: new PiiCipher(site.key).keyCheck() }),
      stationInstallation: async (code) => owners.get(code) ?? null,
      enrolStation: async (code, installationId) => {
        owners.set(code, installationId);
      },
      close: async () => undefined,
    };
  };
  return { open, opened, owners };
}

/** A core whose site store is `openSite` (a fake of `site` by default; `real`: PostgreSQL's client). */
async function siteCore(options: { site?: FakeSite; openSite?: OpenSite | 'real'; mode?: AppInfo['mode'] } = {}) {
  const clock = fixedClock('2026-03-15T08:30:00.000Z');
  const uploads = new Uploads(clock);
  const settings = testSettings(tempDir());
  const info = (): AppInfo => ({ name: 'Tiếp đón', version: '0.0.0-test', host: 'web', mode: options.mode ?? 'production', setupRequired: true, platform: 'linux', notices: [] });
  const fake = fakeSiteStore(options.site ?? newSite());
  const openSite = options.openSite === 'real' ? {} : { openSite: options.openSite ?? fake.open };
  const world = await testCore(undefined, { uploads, info, settings, ...openSite });
  return { ...world, uploads, fake, settings };
}


const form = (uploadId: string, extra: Record<string, unknown> = {}) => ({ url: SITE_URL, uploadId, passphrase: PASSPHRASE, stationCode: 'K1', ...extra });

describe('site.check and site.join', () => {
  it('checks without saving anything, then joins: code and membership saved, the password in the vault only, never echoed or logged', async () => {
    const site = newSite();
    const fake = fakeSiteStore(site);
    const { core, uploads, settings, lines } = await siteCore({ site, openSite: fake.open });
    const uploadId = uploads.put('enrolment', fileOf(site));

    const check = (await core.dispatch('site.check', form(uploadId))) as SiteCheck;
    expect(check).toMatchObject({ ok: true, code: 'ok', siteId: site.siteId, demo: false });
    expect(check.vi).toContain('Có thể tham gia');
    expect(settings.get()).toMatchObject({ site: null, stationCode: 'A' });
    expect(settings.siteSecrets()).toBeNull();
    expect(fake.owners.size).toBe(0);

    // The same upload serves the join after the check.
    const joined = await core.dispatch('site.join', form(uploadId));
    expect(joined).toEqual({ url: 'postgres://tiepdon@db.benhvien.local:5432/tiepdon', siteId: site.siteId, installationId: expect.any(String), demo: false, enrolledAt: '2026-03-15T08:30:00.000Z' });
    expect(settings.get()).toMatchObject({ stationCode: 'K1', site: joined });
    expect(settings.siteSecrets()).toEqual({ key: site.key, password: PG_PASSWORD });
    expect(fake.owners.get('K1')).toBe((joined as { installationId: string }).installationId);
    // The pool got the password apart from the URL.
    expect(fake.opened.every((options) => !options.url.includes(encodeURIComponent(PG_PASSWORD)) && options.password === PG_PASSWORD)).toBe(true);
    // The logger's stream may deliver a line after the answer: waited for, then searched for secrets.
    await expect.poll(() => lines.some((line) => line.includes('joined the site store') && line.includes(site.siteId))).toBe(true);
    const said = JSON.stringify([check, joined]) + lines.join('\n');
    for (const secret of [PG_PASSWORD, encodeURIComponent(PG_PASSWORD), PASSPHRASE]) expect(said).not.toContain(secret);
    // The file was used up by the join.
    expect((await contractErrorOf(core.dispatch('site.join', form(uploadId)))).message).toMatch(/no longer available/);
  });

  it('a wrong passphrase, another site’s file, a station code another PC holds: each its code and words, nothing saved anywhere', async () => {
    const site = newSite();
    const fake = fakeSiteStore(site, new Map([['K2', randomUUID()]]));
    const { core, uploads, settings } = await siteCore({ site, openSite: fake.open });
    const ours = uploads.put('enrolment', fileOf(site));
    const theirs = uploads.put('enrolment', fileOf(newSite()));

    const cases = [
      { request: form(ours, { passphrase: 'không phải mật khẩu' }), code: 'enrolment-invalid', field: 'passphrase', words: 'sai mật khẩu' },
      { request: form(theirs), code: 'wrong-site', field: 'uploadId', words: 'hệ thống khác' },
      { request: form(ours, { stationCode: 'K2' }), code: 'station-taken', field: 'stationCode', words: 'Mã máy này đã được một máy khác dùng' },
    ];
    for (const { request, code, field, words } of cases) {
      const check = (await core.dispatch('site.check', request)) as SiteCheck;
      expect(check).toMatchObject({ ok: false, code, siteId: null });
      expect(check.vi).toContain(words);
      const refused = await contractErrorOf(core.dispatch('site.join', request));
      expect({ code: refused.code, field: refused.field, vi: refused.words.vi }).toEqual({ code: 'bad-request', field, vi: check.vi });
    }
    expect(settings.get()).toMatchObject({ site: null, stationCode: 'A' });
    expect(settings.siteSecrets()).toBeNull();
    expect([...fake.owners.keys()]).toEqual(['K2']);
  });

  it('demo joins demo only: a production installation refuses a demo file and a demo one a production file, before any connection', async () => {
    const demoSite = newSite(true);
    const production = await siteCore({ site: demoSite });
    const demoFile = production.uploads.put('enrolment', fileOf(demoSite));
    expect(await production.core.dispatch('site.check', form(demoFile))).toMatchObject({ ok: false, code: 'demo-mismatch', vi: expect.stringContaining('Bản dùng thử chỉ tham gia được hệ thống dùng thử') });
    expect((await contractErrorOf(production.core.dispatch('site.join', form(demoFile)))).field).toBe('uploadId');
    expect(production.fake.opened).toHaveLength(0);

    const productionSite = newSite(false);
    const demo = await siteCore({ site: productionSite, mode: 'demo' });
    const productionFile = demo.uploads.put('enrolment', fileOf(productionSite));
    expect(await demo.core.dispatch('site.check', form(productionFile))).toMatchObject({ ok: false, code: 'demo-mismatch' });
    expect(demo.settings.get().site).toBeNull();

    const demoOk = await siteCore({ site: demoSite, mode: 'demo' });
    expect(await demoOk.core.dispatch('site.join', form(demoOk.uploads.put('enrolment', fileOf(demoSite))))).toMatchObject({ siteId: demoSite.siteId, demo: true });
  });

  it('an oversized, hostile or mistyped file is a typed refusal, never a crash', async () => {
    const { core, uploads, fake, settings } = await siteCore();
    expect(() => uploads.put('enrolment', new Uint8Array(UPLOAD_LIMITS.enrolment + 1))).toThrow(ContractError);
    const hostile = [
      randomBytes(600),
      new TextEncoder().encode('{"format":"tiepdon-site-enrolment","v":1,"siteId":"00000000-0000-4000-8000-000000000000","demo":false,"kdf":{"name":"scrypt","N":1073741824,"r":8,"p":1,"salt":"AAAA"},"nonce":"AAAA","box":"AAAA"}'),
      new TextEncoder().encode('{"__proto__":{"demo":true}}'),
    ];
    for (const bytes of hostile) {
      const started = Date.now();
      expect(await core.dispatch('site.check', form(uploads.put('enrolment', new Uint8Array(bytes))))).toMatchObject({ ok: false, code: 'enrolment-invalid' });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    // A certificate's upload is not an enrolment file.
    expect((await contractErrorOf(core.dispatch('site.check', form(uploads.put('certificate', new Uint8Array([1])))))).message).toMatch(/no longer available/);
    // A URL that is not a site store's, with a password that must not come back in the words.
    const site = newSite();
    const check = (await core.dispatch('site.check', form(uploads.put('enrolment', fileOf(site)), { url: `postgres://tiepdon:${PG_PASSWORD}@db.local/tiepdon?sslmode=bogus` }))) as SiteCheck;
    expect(check).toMatchObject({ ok: false, code: 'invalid', vi: expect.stringContaining('postgres://người-dùng@máy-chủ') });
    expect(JSON.stringify(check)).not.toContain(PG_PASSWORD);
    // A password with a stray '%' (typed, not encoded): refused in words, not an internal error.
    const stray = (await core.dispatch('site.check', form(uploads.put('enrolment', fileOf(site)), { url: 'postgres://tiepdon:50%giam@db.local/tiepdon' }))) as SiteCheck;
    expect(stray).toMatchObject({ ok: false, code: 'invalid' });
    expect(JSON.stringify(stray)).not.toContain('giam');
    expect(fake.opened).toHaveLength(0);
    expect(settings.get().site).toBeNull();
  });

  it('once an administrator’s PIN is set, checking and joining need it (the check connects wherever it is told), and a wrong one enrols nothing at the site', async () => {
    const site = newSite();
    const fake = fakeSiteStore(site);
    const { core, uploads, settings } = await siteCore({ site, openSite: fake.open });
    settings.update({ newAdminPin: '2468' });
    const uploadId = uploads.put('enrolment', fileOf(site));
    expect(await contractErrorOf(core.dispatch('site.check', form(uploadId)))).toMatchObject({ code: 'forbidden', field: 'adminPin' });
    expect(fake.opened).toEqual([]);
    expect(await core.dispatch('site.check', form(uploadId, { adminPin: '2468' }))).toMatchObject({ ok: true });
    expect(await contractErrorOf(core.dispatch('site.join', form(uploadId)))).toMatchObject({ code: 'forbidden', field: 'adminPin' });
    expect(await contractErrorOf(core.dispatch('site.join', form(uploadId, { adminPin: '1111' })))).toMatchObject({ code: 'forbidden', field: 'adminPin' });
    expect(fake.owners.size).toBe(0);
    expect(settings.get().site).toBeNull();
    expect(await core.dispatch('site.join', form(uploadId, { adminPin: '2468' }))).toMatchObject({ siteId: site.siteId });
  });
});

describe('a site store that is not there', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('a closed port answers unreachable at once, through the core, and the join is refused as unavailable', async () => {
    const port = await freePort();
    const site = newSite();
    const { core, uploads, settings } = await siteCore({ site, openSite: 'real' });
    const uploadId = uploads.put('enrolment', fileOf(site));
    const url = `postgres://tiepdon:${PG_PASSWORD}@127.0.0.1:${port}/tiepdon`;
    expect(await core.dispatch('site.check', form(uploadId, { url }))).toMatchObject({ ok: false, code: 'unreachable', vi: expect.stringContaining('Không kết nối được') });
    const refused = await contractErrorOf(core.dispatch('site.join', form(uploadId, { url })));
    expect({ code: refused.code, field: refused.field, retryable: refused.retryable }).toEqual({ code: 'unavailable', field: 'url', retryable: true });
    expect(refused.message).not.toContain(PG_PASSWORD);
    expect(settings.get().site).toBeNull();
  });

  it('a server that accepts and never answers is given up within the deadline', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const site = newSite();
    const { settings } = await siteCore({ site });
    const started = Date.now();
    const check = await checkSite(settings, { url: `postgres://tiepdon@127.0.0.1:${port}/tiepdon`, enrolment: sealEnrolment(site, PASSPHRASE), passphrase: PASSPHRASE, demo: false, stationCode: 'K1', timeoutMs: 400 });
    expect(check).toMatchObject({ ok: false, code: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(3_000);
    for (const socket of sockets) socket.destroy();
  });
});
