import { describe, expect, it } from 'vitest';
import { birthDateToXml, compactDateTimeSeconds, compactToInstant, gatewayDate, parseBirthDate, parseCompactDateTime, parseGatewayDate, vnIsoDate, xmlDateTime } from './dates';

describe('Vietnam time (UTC+7) in the gateway formats', () => {
  const instant = new Date('2026-03-15T17:05:09Z'); // already the 16th in Hà Nội

  it('formats the local day and time', () => {
    expect(vnIsoDate(instant)).toBe('2026-03-16');
    expect(gatewayDate(instant)).toBe('16/03/2026');
    expect(xmlDateTime(instant)).toBe('202603160005');
    expect(compactDateTimeSeconds(instant)).toBe('20260316000509');
  });

  it('reads a receipt time back to the same instant', () => {
    expect(compactToInstant('20260316000509')?.toISOString()).toBe('2026-03-15T17:05:09.000Z');
    expect(compactToInstant('20260230000000')).toBeNull();
  });

  it('reads dd/MM/yyyy strictly', () => {
    expect(parseGatewayDate('31/12/2026')).toBe('2026-12-31');
    expect(parseGatewayDate('31/02/2026')).toBeNull();
    expect(parseGatewayDate('1/1/2026')).toBeNull();
    expect(parseCompactDateTime('202511100815')).toBe('2025-11-10T08:15');
    expect(parseCompactDateTime('202511102415')).toBeNull();
  });
});

describe('dates of birth (ngaySinh)', () => {
  it.each([
    ['15/03/1990', 'day', '199003150000'],
    ['03/1990', 'month', '199003000000'],
    ['1945', 'year', '194500000000'],
  ])('%s has %s precision and is %s in the XML table', (text, precision, xml) => {
    const birth = parseBirthDate(text);
    expect(birth?.precision).toBe(precision);
    expect(birthDateToXml(birth!)).toBe(xml);
  });

  it.each(['29/02/1990', '1990-03-15', '15/3/1990', '13/1990', '0000', ''])('refuses %j', (text) => {
    expect(parseBirthDate(text)).toBeNull();
  });
});
