import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../dev/testing/fakes';
import { createLogger } from './logger';
import { redactPii } from './redact';

// Persona `an` of the fixtures: synthetic, but treated exactly like a real patient.
const an = {
  fullName: 'Nguyễn Văn An',
  idNumber: '001090012345',
  dateOfBirth: '15/03/1990',
  placeOfResidence: 'Số nhà 12, Ngõ 34 Phố Nguyễn Trãi, Phường Thượng Đình, Quận Thanh Xuân, Thành phố Hà Nội',
  oldIdNumber: '012345678',
};

function logText(dataDir: string): string {
  const dir = join(dataDir, 'logs');
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

describe('logger', () => {
  it("never writes a persona's name, ID number, birth date or address to the log file", async () => {
    const dataDir = tempDir();
    const logger = await createLogger({ dataDir, level: 'debug' });
    logger.info({ reader: 'Virtual PCD 00 00', holder: an }, 'card read');
    logger.info({ fullName: an.fullName, idNumber: an.idNumber, dateOfBirth: an.dateOfBirth }, 'identity');
    logger.info({ request: { body: { hoTen: an.fullName, maThe: an.idNumber, ngaySinh: an.dateOfBirth, hoTenCb: 'Phạm Thị Hoa' } } }, 'lookup');
    logger.error({ err: new Error(`gateway refused card ${an.idNumber}`) }, 'lookup failed');
    logger.warn(`typed ID ${an.idNumber} does not match the chip (old ${an.oldIdNumber})`);
    logger.child({ patient: an, idNumber: an.idNumber }).info({ step: 'DG13' }, 'progress');
    logger.info({ visits: [{ address: an.placeOfResidence, maThe: 'DN4010123456789' }] }, 'batch');
    logger.info('BHYT card DN4010123456789 checked');
    logger.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const text = logText(dataDir);
    for (const secret of [an.fullName, an.idNumber, an.dateOfBirth, an.placeOfResidence, an.oldIdNumber, 'Phạm Thị Hoa', 'DN4010123456789']) {
      expect(text, secret).not.toContain(secret);
    }
    // What support needs is still there.
    expect(text).toContain('Virtual PCD 00 00');
    expect(text).toContain('lookup failed');
    expect(text).toContain('DG13');
    expect(text.trim().split('\n')).toHaveLength(8);
  });

  it('survives cycles and deep nesting', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { idNumber: an.idNumber };
    for (let i = 0; i < 50; i += 1) deep = { next: deep };
    expect(redactPii({ cyclic, deep, photo: 'base64...' })).toMatchObject({ cyclic: { a: 1, self: '[circular]' }, photo: '[redacted]' });
    expect(JSON.stringify(redactPii(deep))).not.toContain(an.idNumber);
  });
});
