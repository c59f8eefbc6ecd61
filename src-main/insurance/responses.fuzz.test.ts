// Hostile or broken gateway replies: whatever comes back, the client ends in a result or a
// GatewayError, never in a crash or another kind of exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpretCardCheck } from './eligibility';
import { GatewayError } from './errors';
import { interpretHistory } from './history';
import { readReply } from './reply';
import { CardCheckResponse, CheckInResponse, HistoryResponse, LoginResponse } from './responses';
import { parseExpiresIn } from './token-cache';

const query = { maThe: '001090012345', hoTen: 'Nguyễn Văn An', ngaySinh: '15/03/1990' };
const now = new Date('2026-03-15T01:30:00Z');
const STATUSES = ['eligible', 'eligible-new-card', 'verify-paper-card', 'needs-correction', 'not-eligible', 'child-no-card', 'configuration', 'technical'];

/** Runs `read`; anything thrown must be a GatewayError. */
function settles(read: () => unknown): 'value' | 'error' {
  try {
    read();
    return 'value';
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return 'error';
  }
}

const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ minLength: 4_001, maxLength: 6_000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 4 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 4 }),
);

const cardFields = ['maKetQua', 'ghiChu', 'maThe', 'hoTen', 'ngaySinh', 'gioiTinh', 'diaChi', 'maDKBD', 'gtTheTu', 'gtTheDen', 'ngayDu5Nam', 'maTheMoi', 'gtTheTuMoi', 'dsLichSuKCB2018', 'dsLichSuKT2018'];
const hostileCardReply = fc.dictionary(fc.constantFrom(...cardFields), hostileValue).map((reply) => ({ maKetQua: '000', ...reply }));
const status = fc.constantFrom(200, 201, 400, 401, 404, 500, 502, 503);

describe('the card-check reply parser under fuzzing', () => {
  it('any bytes at all → a result or a GatewayError', () => {
    fc.assert(
      fc.property(status, fc.string({ maxLength: 2_000 }), (code, body) => {
        settles(() => readReply({ status: code, body }, CardCheckResponse, 'card check'));
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON → a result or a GatewayError; a result always reads as one of the eight statuses', () => {
    fc.assert(
      fc.property(status, fc.oneof(fc.jsonValue(), hostileCardReply), (code, value) => {
        const body = JSON.stringify(value) ?? 'undefined';
        settles(() => {
          const read = readReply({ status: code, body }, CardCheckResponse, 'card check');
          if (read.unauthorized) return;
          const result = interpretCardCheck(read.value, read.raw, query, now);
          expect(STATUSES).toContain(result.status);
          expect(JSON.stringify(result).length).toBeGreaterThan(0);
        });
      }),
      { numRuns: 1_000 },
    );
  });

  it('fields of the wrong type or absurd length are refused as bad-response, naming the field only', () => {
    const read = () => readReply({ status: 200, body: JSON.stringify({ maKetQua: '000', hoTen: 'Nguyễn Văn An'.repeat(400) }) }, CardCheckResponse, 'card check');
    expect(read).toThrow(expect.objectContaining({ code: 'bad-response', message: expect.stringContaining('hoTen') }));
    expect(() => read()).toThrow(expect.not.objectContaining({ message: expect.stringContaining('Nguyễn') }));
    expect(() => readReply({ status: 200, body: '{"maKetQua":{"a":1}}' }, CardCheckResponse, 'card check')).toThrow(expect.objectContaining({ code: 'bad-response' }));
    expect(() => readReply({ status: 200, body: '{"maKetQua":"000","dsLichSuKCB2018":"x"}' }, CardCheckResponse, 'card check')).toThrow(expect.objectContaining({ code: 'bad-response' }));
  });

  it('absurd nesting is refused without exhausting the stack', () => {
    const deep = `{"maKetQua":"000","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(() => readReply({ status: 200, body: deep }, CardCheckResponse, 'card check')).toThrow(expect.objectContaining({ code: 'bad-response' }));
  });

  it('an error page with an error status is a gateway error carrying the status', () => {
    expect(() => readReply({ status: 502, body: '<html>Bad Gateway</html>' }, CardCheckResponse, 'card check')).toThrow(
      expect.objectContaining({ code: 'gateway', details: { httpStatus: 502 } }),
    );
    expect(() => readReply({ status: 200, body: '<html>' }, CardCheckResponse, 'card check')).toThrow(expect.objectContaining({ code: 'bad-response' }));
  });

  it('401 in the status or in maKetQua reads as a refused token', () => {
    expect(readReply({ status: 401, body: '' }, CardCheckResponse, 'card check')).toEqual({ unauthorized: true });
    expect(readReply({ status: 200, body: '{"maKetQua":"401"}' }, CardCheckResponse, 'card check')).toEqual({ unauthorized: true });
  });
});

describe('the other replies under fuzzing', () => {
  it.each([
    ['login', LoginResponse],
    ['history', HistoryResponse],
    ['check-in', CheckInResponse],
  ] as const)('%s: any JSON → a value or a GatewayError', (what, schema) => {
    fc.assert(
      fc.property(status, fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), hostileValue)), (code, value) => {
        settles(() => {
          const read = readReply({ status: code, body: JSON.stringify(value) ?? '' }, schema, what);
          if (!read.unauthorized && what === 'history') interpretHistory(read.value as HistoryResponse, read.raw, now);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('any expires_in gives a usable expiry', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.constant(null), fc.constant(undefined)), (value) => {
        expect(Number.isNaN(parseExpiresIn(value as string, now).getTime())).toBe(false);
      }),
    );
  });
});
