// The setup screen's site check and join through the core against a real PostgreSQL: a site made by
// `initialiseSite` (what `tiepdon site init` runs), two installations asking for station codes, a
// re-keyed site, a wrong server password and a database nobody initialised.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ContractError, type SiteCheck, type SiteMembership } from '../contract';
import { tempDir, testCore, testSettings } from '../dev/testing/fakes';
import { PG_PASSWORD, psql } from '../dev/testing/postgres';
import { usePgCluster } from '../dev/testing/pg-suite';
import { sealEnrolment } from '../site-store/enrolment';
import { initialiseSite } from '../site-store/site-init';
import { SiteStore } from '../site-store/site-store';
import { fixedClock } from '../util/clock';
import { Uploads } from './uploads';

const PASSPHRASE = 'mật khẩu đăng ký 2026';

const pg = usePgCluster();

async function installation() {
  const clock = fixedClock('2026-03-15T08:30:00.000Z');
  const uploads = new Uploads(clock);
  const settings = testSettings(tempDir());
  const { core } = await testCore(undefined, { uploads, settings, clock });
  return { core, uploads, settings };
}

const put = (uploads: Uploads, text: string) => uploads.put('enrolment', new TextEncoder().encode(text));

describe('joining a site store from the setup screen, against PostgreSQL', () => {
  it('checks, joins, refuses the same code to a second PC, then a re-keyed site, a wrong password and an empty database', { timeout: 120_000 }, async () => {
    const url = pg.cluster.newDatabase();
    const store = SiteStore.open({ url });
    const { enrolment } = await initialiseSite(store, { demo: false, newKey: false, existing: null });
    const file = sealEnrolment(enrolment, PASSPHRASE);

    const first = await installation();
    const uploadId = put(first.uploads, file);
    const form = { url, uploadId, passphrase: PASSPHRASE, stationCode: 'Q1' };
    expect(await first.core.dispatch('site.check', form)).toMatchObject({ ok: true, code: 'ok', siteId: enrolment.siteId, demo: false });
    // The check enrolled nothing.
    expect(psql(pg.cluster, 'SELECT count(*) FROM stations', new URL(url).pathname.slice(1))).toBe('0');

    const joined = (await first.core.dispatch('site.join', form)) as SiteMembership;
    expect(joined.url).toBe(url.replace(`:${PG_PASSWORD}@`, '@'));
    expect(first.settings.get()).toMatchObject({ stationCode: 'Q1', site: joined });
    expect(first.settings.siteSecrets()?.password).toBe(PG_PASSWORD);
    expect(await store.stationInstallation('Q1')).toBe(joined.installationId);
    // The joined station checking again (say, from Settings) finds its own code its own.
    expect(await first.core.dispatch('site.check', { ...form, uploadId: put(first.uploads, file) })).toMatchObject({ ok: true });

    const second = await installation();
    const taken = { ...form, uploadId: put(second.uploads, file) };
    expect(await second.core.dispatch('site.check', taken)).toMatchObject({ ok: false, code: 'station-taken' });
    await expect(second.core.dispatch('site.join', taken)).rejects.toMatchObject({ code: 'bad-request', field: 'stationCode' });
    expect(await second.core.dispatch('site.join', { ...taken, stationCode: 'Q2' })).toMatchObject({ siteId: enrolment.siteId });

    const wrongPassword = await installation();
    const badLogin = { ...form, url: url.replace(PG_PASSWORD, 'not-the-password'), uploadId: put(wrongPassword.uploads, file), stationCode: 'Q3' };
    const refused = (await wrongPassword.core.dispatch('site.check', badLogin)) as SiteCheck;
    expect(refused).toMatchObject({ ok: false, code: 'unreachable' });
    expect(JSON.stringify(refused)).not.toContain('not-the-password');

    const empty = await installation();
    expect(await empty.core.dispatch('site.check', { ...form, url: pg.cluster.newDatabase(), uploadId: put(empty.uploads, file), stationCode: 'Q3' })).toMatchObject({ ok: false, code: 'not-initialised' });

    // IT re-keys the site: the old enrolment file no longer matches; nothing of the refused PC is kept.
    await initialiseSite(store, { demo: false, newKey: true, existing: enrolment });
    const late = await installation();
    const stale = { ...form, uploadId: put(late.uploads, file), stationCode: 'Q4' };
    expect(await late.core.dispatch('site.check', stale)).toMatchObject({ ok: false, code: 'wrong-key' });
    const error = await late.core.dispatch('site.join', stale).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ContractError);
    expect(late.settings.get().site).toBeNull();
    expect(await store.stationInstallation('Q4')).toBeNull();

    // A demo file against this production site is refused before it is even reached.
    const demoFile = sealEnrolment({ siteId: enrolment.siteId, demo: true, key: new Uint8Array(randomBytes(32)) }, PASSPHRASE);
    expect(await late.core.dispatch('site.check', { ...stale, uploadId: put(late.uploads, demoFile) })).toMatchObject({ ok: false, code: 'demo-mismatch' });
    await store.close();
  });
});
