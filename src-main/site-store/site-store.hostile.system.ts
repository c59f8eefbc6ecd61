// The site store attacked from the database's side and through its inputs, on a PostgreSQL cluster of
// the test's own: demo and production mixed by flipping a flag, personal data looked for in every table,
// hostile rows, injection-shaped codes, and the site URL's password looked for in the CLI's output.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { siteCommand } from '../cli/commands/site';
import type { CliIo } from '../cli/io';
import { PG_PASSWORD, psql } from '../dev/testing/postgres';
import { usePgCluster } from '../dev/testing/pg-suite';
import { PiiCipher } from '../store/pii-cipher';
import { initialiseSite } from './site-init';
import { SiteStore, type PublishedVisit } from './site-store';

const pg = usePgCluster();

const DAY = '2026-03-15';
const PERSONA = { idNumber: '079088001234', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1988-04-01' };
const OPERATOR_ID = '079088000002';

async function site(demo: boolean) {
  const url = pg.cluster.newDatabase();
  const store = SiteStore.open({ url });
  const { enrolment } = await initialiseSite(store, { demo, newKey: false, existing: null });
  await store.enrolStation('K1', randomUUID(), demo);
  return { url, store, cipher: new PiiCipher(enrolment.key), database: new URL(url).pathname.slice(1) };
}

function visitOf(visitId: string, queueNumber: string, serviceCode = 'NOI'): PublishedVisit {
  return {
    visitId,
    stationCode: 'K1',
    patient: PERSONA,
    service: { code: serviceCode, name: 'Khám Nội' },
    queueDay: DAY,
    queueNumber,
    numberSource: 'site',
    status: 'waiting',
    priority: [],
    channel: 'desk',
    operatorIdNumber: OPERATOR_ID,
    arrivedAt: new Date('2026-03-15T01:30:00.000Z'),
    clockOffsetMs: 0,
  };
}

/** Every row of every table as text, with each bytea value decoded too (a name in a bytea prints as hex). */
function everyRow(database: string): string {
  const tables = psql(pg.cluster, `SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'`, database).split(',');
  const text = tables.map((table) => psql(pg.cluster, `SELECT t::text FROM "${table}" t`, database)).join('\n');
  const decoded = [...text.matchAll(/\\+x([0-9a-f]{2,})/g)].map((match) => Buffer.from(match[1]!, 'hex').toString('latin1'));
  return [text, ...decoded].join('\n');
}

const bufferIo = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  return { io, text: () => [...out, ...err].join('\n') };
};

describe('the site store under attack', () => {
  it('a production station never joins a demo site, not even after site_meta.demo was flipped to false', async () => {
    const { store, database } = await site(true);
    try {
      await expect(store.enrolStation('P1', randomUUID(), false)).rejects.toMatchObject({ code: 'refused' });
      psql(pg.cluster, `UPDATE site_meta SET value = 'false' WHERE key = 'demo'`, database);
      // The demo station K1 enrolled before says what the site is.
      await expect(store.enrolStation('P1', randomUUID(), false)).rejects.toMatchObject({ code: 'refused' });
      expect(psql(pg.cluster, `SELECT string_agg(code, ',') FROM stations`, database)).toBe('K1');
    } finally {
      await store.close();
    }
  });

  it('after a check-in and a call, no table holds the name, CCCD or date of birth of the patient or the operator’s CCCD in clear', async () => {
    const { store, cipher, database } = await site(false);
    try {
      const visitId = randomUUID();
      const number = (await store.reserve({ visitId, stationCode: 'K1', serviceCode: 'NOI', queueDay: DAY }))!;
      await store.publish(visitOf(visitId, number.queueNumber), cipher);
      const { called } = await store.calls(cipher).callNext({ station: 'K1', counter: 'P101', name: { vi: 'Phòng 101', en: 'Room 101' }, operatorIdNumber: OPERATOR_ID }, ['NOI'], DAY);
      expect(called?.queueNumber).toBe('NOI-001');
      const dump = everyRow(database);
      expect(dump).toContain('NOI-001');
      for (const secret of [PERSONA.idNumber, PERSONA.dateOfBirth, '1988', OPERATOR_ID, 'NGUY', 'Nguy', 'VĂN AN', 'VAN AN']) expect(dump).not.toContain(secret);
      // Latin-1 view of UTF-8 bytes: the name's bytes are not in any bytea either.
      expect(dump).not.toContain(Buffer.from(PERSONA.fullName, 'utf8').toString('latin1'));
    } finally {
      await store.close();
    }
  });

  it('a hostile row (10 MB in a text column, an arrival time of another type) is a bad-reply error within the query deadline', async () => {
    const { store, cipher, database } = await site(false);
    try {
      await store.publish(visitOf(randomUUID(), 'NOI-001'), cipher);
      psql(pg.cluster, `UPDATE visits SET called_by = repeat('9', 10 * 1024 * 1024)`, database);
      let started = performance.now();
      await expect(store.queue(DAY)).rejects.toMatchObject({ code: 'bad-reply' });
      expect(performance.now() - started).toBeLessThan(10_000);
      psql(pg.cluster, `UPDATE visits SET called_by = NULL; ALTER TABLE visits ALTER COLUMN queued_at TYPE text`, database);
      started = performance.now();
      await expect(store.queue(DAY)).rejects.toMatchObject({ code: 'bad-reply' });
      await expect(store.visitsOfPersonOnDay(PERSONA.idNumber, DAY, cipher)).rejects.toMatchObject({ code: 'bad-reply' });
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await store.close();
    }
  });

  it('injection-shaped service codes, counter codes and names are stored as data', async () => {
    const { store, cipher, database } = await site(false);
    try {
      const hostile = `NOI'); DROP TABLE visits; --`;
      const visitId = randomUUID();
      const number = (await store.reserve({ visitId, stationCode: 'K1', serviceCode: hostile, queueDay: DAY }))!;
      expect(number.queueNumber).toBe(`${hostile}-001`);
      await store.publish(visitOf(visitId, number.queueNumber, hostile), cipher);
      const counter = { station: 'K1', counter: `P1' OR '1'='1`, name: { vi: `'; DELETE FROM calls; --`, en: '$1' }, operatorIdNumber: null };
      const { called } = await store.calls(cipher).callNext(counter, [hostile], DAY);
      expect([called?.counter, called?.counterName.vi]).toEqual([counter.counter, counter.name.vi]);
      expect(psql(pg.cluster, `SELECT count(*) FROM visits`, database)).toBe('1');
      expect(psql(pg.cluster, `SELECT count(*) FROM calls`, database)).toBe('1');
      // A station code that is not one is refused by the table, as a typed error.
      await expect(store.enrolStation(`K'--`, randomUUID(), false)).rejects.toMatchObject({ name: 'SiteStoreError' });
    } finally {
      await store.close();
    }
  });

  it('the site URL’s password is in no output of site status, right or wrong', async () => {
    const { url, store } = await site(false);
    await store.close();
    const good = bufferIo();
    expect(await siteCommand(['status', '--url', url, '--json'], good.io)).toBe(0);
    expect(good.text()).toContain('"stations"');
    expect(good.text()).not.toContain(PG_PASSWORD);
    const wrong = bufferIo();
    const wrongPassword = 'not-the-password-4242';
    expect(await siteCommand(['status', '--url', url.replace(PG_PASSWORD, wrongPassword)], wrong.io)).toBe(1);
    expect(wrong.text()).toMatch(/^unreachable: /);
    expect(wrong.text()).not.toContain(wrongPassword);
  });
});
