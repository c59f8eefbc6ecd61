import { describe, expect, it } from 'vitest';
import { interpretCardCheck, withFollowUp } from './eligibility';
import { CardCheckResponse } from './responses';
import { meaningOf, RESULT_CODES } from './result-codes';

const query = { maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990' };
const now = new Date('2026-03-15T01:30:00Z');

function interpret(raw: Record<string, unknown>) {
  return interpretCardCheck(CardCheckResponse.parse(raw), raw, query, now);
}

describe('maKetQua read for the front desk (docs/bhxh-gateway.md "Card check")', () => {
  it.each([
    ['000', 'eligible'],
    ['004', 'eligible-new-card'],
    ['003', 'not-eligible'],
    ['001', 'verify-paper-card'],
    ['002', 'verify-paper-card'],
    ['060', 'needs-correction'],
    ['061', 'needs-correction'],
    ['070', 'needs-correction'],
    ['010', 'not-eligible'],
    ['050', 'not-eligible'],
    ['051', 'needs-correction'],
    ['052', 'needs-correction'],
    ['053', 'needs-correction'],
    ['110', 'not-eligible'],
    ['120', 'not-eligible'],
    ['121', 'not-eligible'],
    ['122', 'not-eligible'],
    ['123', 'not-eligible'],
    ['124', 'not-eligible'],
    ['130', 'child-no-card'],
    ['054', 'configuration'],
    ['055', 'configuration'],
    ['100', 'technical'],
    ['101', 'technical'],
    ['500', 'technical'],
    ['205', 'needs-correction'],
    ['401', 'configuration'],
  ])('%s → %s', (code, status) => {
    expect(meaningOf(code).status).toBe(status);
    expect(interpret({ maKetQua: code }).status).toBe(status);
  });

  it('has a meaning for every code of the reference table, and no others', () => {
    expect(RESULT_CODES.size).toBe(27);
  });

  it('never reads an unknown code as eligible', () => {
    expect(interpret({ maKetQua: '999' })).toMatchObject({ code: '999', status: 'technical', reason: 'unknown-code', known: false, retryLater: true });
  });

  it('keeps the raw reply untouched and takes ghiChu as the message', () => {
    const raw = { maKetQua: '010', ghiChu: 'Thẻ hết giá trị sử dụng', maThe: 'HT3010101056789', gtTheTu: '01/01/2024', gtTheDen: '31/12/2025', extra: { a: 1 } };
    const result = interpret(raw);
    expect(result.raw).toBe(raw);
    expect(result.message).toBe('Thẻ hết giá trị sử dụng');
    expect(result.card).toMatchObject({ validFrom: '2024-01-01', validTo: '2025-12-31', validity: 'expired', coveragePercent: 95 });
  });

  it('reads a numeric maKetQua as its three-digit code', () => {
    expect(interpret({ maKetQua: 0 }).code).toBe('000');
  });

  it('leaves unreadable dates unknown rather than failing', () => {
    expect(interpret({ maKetQua: '000', maThe: 'DN4010123456789', gtTheTu: '99/99/9999', gtTheDen: '' }).card).toMatchObject({ validFrom: null, validTo: null, validity: 'unknown' });
  });

  it('003 followed by an eligible new card is eligible on the new card; otherwise what the new card says', () => {
    const first = interpret({ maKetQua: '003', maThe: 'SV4797902034567', maTheMoi: 'DN4797902034567' });
    expect(withFollowUp(first, interpret({ maKetQua: '000' })).status).toBe('eligible-new-card');
    expect(withFollowUp(first, interpret({ maKetQua: '110' })).status).toBe('not-eligible');
  });

  it('offers no correction equal to what was sent', () => {
    expect(interpret({ maKetQua: '070', ngaySinh: '15/03/1990' }).correction).toEqual({ field: 'ngaySinh', sent: '15/03/1990', gatewayValue: null });
    expect(interpret({ maKetQua: '070', ngaySinh: 'không rõ' }).correction?.gatewayValue).toBeNull();
  });
});
