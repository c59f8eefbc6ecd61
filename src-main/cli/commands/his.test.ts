import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, Coverage, Encounter, Patient } from '@medplum/fhirtypes';
import { fixedClock } from '../../util/clock';
import { BHYT_CARD_SYSTEM, CCCD_SYSTEM, EXTENSIONS, TEST_DATA_TAG } from '../../his/fhir-ids';
import { bundleErrors } from '../../dev/testing/fhir-validator';
import { tempDir } from '../../dev/testing/fakes';
import { FhirReceiver } from '../../dev/testing/fhir-receiver';
import { openSettings } from '../../core/boot';
import { FileKeyStore } from '../../store';
import type { CliIo } from '../io';
import { checkinCommand } from './checkin';
import { hisCommand } from './his';
import { setupCommand } from './setup';

const clock = fixedClock('2026-03-15T01:30:00.000Z');

function bufferIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  return { io, out, err };
}

async function demoWithAn(): Promise<{ root: string; visitId: string; queueNumber: string }> {
  const root = tempDir();
  expect(await setupCommand(['--data-dir', root, '--demo'], bufferIo().io)).toBe(0);
  const checkin = bufferIo();
  expect(await checkinCommand(['--data-dir', root, '--reader', 'sim:an', '--can', '012345', '--json'], checkin.io, { clock, env: {} }), checkin.err.join('\n')).toBe(0);
  const { visitId, queueNumber } = JSON.parse(checkin.out.join('\n')) as { visitId: string; queueNumber: string };
  return { root, visitId, queueNumber };
}

describe('tiepdon his export', () => {
  it('a check-in, then --format fhir: a collection Bundle, every resource 0 errors, with the persona’s name, CCCD, BHYT code and queue number', async () => {
    const { root, visitId, queueNumber } = await demoWithAn();
    const out = join(tempDir(), 'export', 'day.fhir.json');
    const run = bufferIo();
    expect(await hisCommand(['export', '--data-dir', root, '--date', '2026-03-15', '--format', 'fhir', '--out', out, '--json'], run.io, { clock }), run.err.join('\n')).toBe(0);
    expect(JSON.parse(run.out.join('\n'))).toMatchObject({ format: 'fhir', date: '2026-03-15', visits: 1, skipped: 0, file: out });

    const bundle = JSON.parse(readFileSync(out, 'utf8')) as Bundle;
    expect(bundle.type).toBe('collection');
    expect(bundleErrors(bundle)).toEqual([]);
    const of = <T>(type: string) => bundle.entry!.map((entry) => entry.resource!).filter((resource) => resource.resourceType === type) as T[];
    const [patient] = of<Patient>('Patient');
    const [coverage] = of<Coverage>('Coverage');
    const [encounter] = of<Encounter>('Encounter');
    expect(patient!.name![0]!.text).toBe('Nguyễn Văn An');
    expect(patient!.identifier).toContainEqual(expect.objectContaining({ system: CCCD_SYSTEM, value: '001090012345' }));
    expect(patient!.id).not.toBe('001090012345');
    expect(patient!.birthDate).toBe('1990-03-15');
    expect(coverage!.identifier).toContainEqual(expect.objectContaining({ system: BHYT_CARD_SYSTEM, value: 'DN4010123456789' }));
    expect(encounter!.id).toBe(visitId);
    expect(encounter!.extension).toContainEqual({ url: EXTENSIONS.queueNumber, valueString: queueNumber });
    expect(of('Provenance')).toHaveLength(1);
    // A demo installation's data is test data, everywhere.
    for (const resource of [bundle, ...bundle.entry!.map((entry) => entry.resource!)]) expect(resource.meta?.tag).toEqual([TEST_DATA_TAG]);
  });

  it('--format xml3176: the check-in table with the same visit, on stdout', async () => {
    const { root, visitId } = await demoWithAn();
    const run = bufferIo();
    expect(await hisCommand(['export', '--data-dir', root, '--date', '2026-03-15', '--format', 'xml3176'], run.io, { clock })).toBe(0);
    const xml = run.out.join('\n');
    expect(xml).toContain('<CHI_TIEU_TRANG_THAI_KCB>');
    expect(xml).toContain(`<MA_LK>${visitId}</MA_LK>`);
    expect(xml).toContain('<HO_TEN>Nguyễn Văn An</HO_TEN>');
    expect(xml).toContain('<SO_CCCD>001090012345</SO_CCCD>');
    expect(xml).toContain('<MA_THE_BHYT>DN4010123456789</MA_THE_BHYT>');
    expect(run.err.join('\n')).toContain('1 visits exported');
  });

  it('an empty day: an empty collection, but no check-in table (typed error, exit 1); bad flags exit 2', async () => {
    const { root } = await demoWithAn();
    const fhir = bufferIo();
    expect(await hisCommand(['export', '--data-dir', root, '--date', '2026-03-16'], fhir.io, { clock })).toBe(0);
    const empty = JSON.parse(fhir.out.join('\n')) as Bundle;
    expect(empty).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(empty.entry).toBeUndefined();
    expect(bundleErrors(empty)).toEqual([]);
    const xml = bufferIo();
    expect(await hisCommand(['export', '--data-dir', root, '--date', '2026-03-16', '--format', 'xml3176', '--json'], xml.io, { clock })).toBe(1);
    expect(JSON.parse(xml.out.join('\n'))).toMatchObject({ error: { code: 'nothing-to-export' } });
    for (const args of [['export', '--data-dir', root, '--format', 'csv'], ['export', '--data-dir', root, '--date', '15/03/2026'], ['export', '--date', '2026-03-15'], ['export', '--bogus'], ['import']]) {
      expect(await hisCommand(args, bufferIo().io, { clock }), args.join(' ')).toBe(2);
    }
  });
});

describe('tiepdon his sync', () => {
  it('a demo installation pushing to an HIS that is down: the check-in completes and is reported to BHXH; his sync --once sends it when the HIS is back', async () => {
    const root = tempDir();
    expect(await setupCommand(['--data-dir', root, '--demo'], bufferIo().io)).toBe(0);
    const receiver = await new FhirReceiver().start();
    try {
      const demoDir = join(root, 'demo');
      const key = await new FileKeyStore(join(demoDir, 'master.key')).getOrCreateKey();
      openSettings(demoDir, key).update({ his: { fhirBaseUrl: receiver.url, auth: 'bearer' }, hisSecret: 'his-token' });
      await receiver.stop();

      const checkin = bufferIo();
      expect(await checkinCommand(['--data-dir', root, '--reader', 'sim:an', '--can', '012345', '--json'], checkin.io, { clock, env: {} }), checkin.err.join('\n')).toBe(0);
      const { visitId, report } = JSON.parse(checkin.out.join('\n')) as { visitId: string; report: string };
      expect(report).toBe('sent');

      const down = bufferIo();
      expect(await hisCommand(['sync', '--data-dir', root, '--once', '--json'], down.io, { clock })).toBe(1);
      expect(JSON.parse(down.out.join('\n'))).toMatchObject({ stoppedBy: 'unreachable', outbox: { pending: 1, dead: 0 } });

      await receiver.start();
      const back = bufferIo();
      expect(await hisCommand(['sync', '--data-dir', root, '--once', '--json'], back.io, { clock })).toBe(0);
      expect(JSON.parse(back.out.join('\n'))).toMatchObject({ done: 1, outbox: { pending: 0, done: 1, dead: 0 } });
      const [received] = receiver.received;
      expect(received!.authorization).toBe('Bearer his-token');
      expect(received!.bundle.type).toBe('transaction');
      expect(bundleErrors(received!.bundle)).toEqual([]);
      const encounter = received!.bundle.entry!.find((entry) => entry.resource!.resourceType === 'Encounter')!.resource as Encounter;
      expect(encounter.id).toBe(visitId);
      expect(received!.bundle.meta?.tag).toEqual([TEST_DATA_TAG]);
    } finally {
      await receiver.stop();
    }
  });

  it('an installation without an HIS push is refused with words (exit 2)', async () => {
    const root = tempDir();
    expect(await setupCommand(['--data-dir', root, '--demo'], bufferIo().io)).toBe(0);
    const run = bufferIo();
    expect(await hisCommand(['sync', '--data-dir', root, '--list', '--json'], run.io, { clock })).toBe(2);
    expect(JSON.parse(run.out.join('\n'))).toMatchObject({ error: { code: 'refused', message: expect.stringContaining('no HIS push') } });
  });
});
