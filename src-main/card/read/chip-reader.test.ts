import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PersonaSource } from '../../dev/simulator/personas/persona-source';
import { buildChipImage } from '../../dev/simulator/personas/persona-builder';
import { stubTools } from '../../dev/testing/stub-tools';
import { VirtualCard } from '../../dev/simulator/virtual-card';
import { cryptoRandom } from '../crypto/random';
import { parseMrzKey } from '../keys/mrz-key';
import type { ChipImage } from '../../dev/simulator/chip-image';
import { readChip, type ReadOptions } from './chip-reader';

const an = PersonaSource.parse(JSON.parse(readFileSync(new URL('../../../fixtures/personas/sources/an.json', import.meta.url), 'utf8')));
const now = new Date('2026-03-01T08:00:00Z');

function channel(image: ChipImage) {
  const card = new VirtualCard(image, cryptoRandom);
  const sent: Uint8Array[] = [];
  return {
    card,
    sent,
    channel: {
      transmit: async (apdu: Uint8Array) => {
        sent.push(apdu);
        return card.transmit(apdu);
      },
    },
  };
}

const read = (image: ChipImage, access: ReadOptions['access']) => readChip(channel(image).channel, { access, now });

describe('readChip against the virtual card', () => {
  it('reads `an` with the CAN over PACE, holder exactly as the source', async () => {
    const result = await read(buildChipImage(an, stubTools), { kind: 'can', can: '012345' });
    expect(result.access).toBe('PACE');
    expect(result.documentType).toBe('cccd');
    expect(result.holder).toEqual({
      idNumber: an.idNumber,
      fullName: an.fullName,
      dateOfBirth: an.dateOfBirth,
      sex: an.sex,
      nationality: an.nationality,
      ethnicity: an.ethnicity,
      religion: an.religion,
      placeOfOrigin: an.placeOfOrigin,
      placeOfResidence: an.placeOfResidence,
      identifyingMarks: an.identifyingMarks,
      dateOfIssue: an.dateOfIssue,
      dateOfExpiry: an.dateOfExpiry,
      fatherName: an.fatherName,
      motherName: an.motherName,
      spouseName: an.spouseName,
      oldIdNumber: an.oldIdNumber,
    });
    expect(result.mrz).toMatchObject({ documentNumber: '090012345', dateOfBirth: '900315', dateOfExpiry: '500315', surname: 'NGUYEN', givenNames: 'VAN AN', checkDigitsValid: true });
    expect(result.chipAuthentication.result).toBe('passed');
    expect(result.activeAuthentication.result).toBe('passed');
    expect(result.photo?.mimeType).toBe('image/jpeg');
  });

  it('reads a BAC-only card with the MRZ key and with ID + date of birth', async () => {
    const image = buildChipImage({ ...an, id: 'an-bac', chip: { ...an.chip, pace: false } }, stubTools);
    const withKey = await read(image, { kind: 'mrz', key: parseMrzKey('090012345:900315:500315') });
    expect(withKey.access).toBe('BAC');
    expect(withKey.holder?.fullName).toBe('Nguyễn Văn An');
    const withId = await read(image, { kind: 'id-dob', idNumber: '001090012345', dateOfBirth: '15/03/1990' });
    expect(withId.access).toBe('BAC');
    expect(withId.holder).toEqual(withKey.holder);
  });

  it('a wrong CAN is a wrong access key, not a crash', async () => {
    await expect(read(buildChipImage(an, stubTools), { kind: 'can', can: '999999' })).rejects.toMatchObject({ code: 'wrong-access-key' });
  });

  it('reads short-APDU-only cards and cards without DO 99', async () => {
    const image = buildChipImage({ ...an, chip: { ...an.chip, extendedLength: false, sendsDo99: false } }, stubTools);
    const result = await read(image, { kind: 'can', can: '012345' });
    expect(result.holder?.fullName).toBe('Nguyễn Văn An');
    expect(result.chipAuthentication.result).toBe('passed');
  });

  it('detects a cloned chip by chip authentication and still reads the data', async () => {
    const clone = buildChipImage({ ...an, id: 'cloned-chip', clonedFrom: 'an' }, stubTools, an);
    const result = await read(clone, { kind: 'can', can: '012345' });
    expect(result.chipAuthentication.result).toBe('failed');
    expect(result.activeAuthentication.result).toBe('failed');
    expect(result.holder?.fullName).toBe('Nguyễn Văn An');
    expect(result.photo).not.toBeNull();
  });

  it('reports identity before the photo', async () => {
    const steps: string[] = [];
    await readChip(channel(buildChipImage(an, stubTools)).channel, {
      access: { kind: 'can', can: '012345' },
      now,
      onProgress: (p) => steps.push(p.step),
    });
    expect(steps.indexOf('identity')).toBeLessThan(steps.indexOf('dg2'));
    expect(steps).toEqual(['card-access', 'access', 'com', 'dg1', 'dg13', 'identity', 'sod', 'dg14', 'ca', 'dg15', 'aa', 'dg2', 'done']);
  });

  it('reads a chip whose EF.COM lists data groups that are missing or empty', async () => {
    const image = buildChipImage(an, stubTools);
    delete image.files['010F'];
    image.files['0102'] = '';
    const result = await read(image, { kind: 'can', can: '012345' });
    expect(result.holder?.fullName).toBe('Nguyễn Văn An');
    expect(result.photo).toBeNull();
    expect(result.activeAuthentication.result).toBe('not-supported');
    expect(result.warnings).toEqual(expect.arrayContaining(['DG15 is missing or empty', 'DG2 is missing or empty']));
  });
});
