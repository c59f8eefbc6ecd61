// The BHXH e-gateway client (docs/bhxh-gateway.md): login with a cached token, card check, visit history
// and check-in submission. It makes no retries of its own except the one the reference prescribes (a
// fresh login after a 401); the outbox (sync/) decides when to try again.
import http from 'node:http';
import https from 'node:https';
import type { CheckInTable } from '../contract';
import type { Clock } from '../util/clock';
import type { Logger } from '../log/logger';
import { facilityOfUsername, passwordHashOf, type FacilityIds, type GatewayAccount } from './account';
import { cardNumberKind, normaliseCardNumber } from './card-code';
import { encodeCheckInFile } from './checkin-xml';
import { compactToInstant, parseBirthDate } from './dates';
import { interpretCardCheck, withFollowUp, withFollowUpError, type CardQuery, type EligibilityResult, type Staff } from './eligibility';
import { GatewayError, type FieldProblem } from './errors';
import { interpretHistory, type VisitHistory } from './history';
import { DEFAULT_TIMEOUTS, httpExchange, type HttpReply, type HttpTimeouts } from './http';
import { DEFAULT_LOOKUP_LIMITS, LookupGuard, type LookupLimits } from './lookup-guard';
import { readReply, type ReadReply } from './reply';
import { CardCheckResponse, CheckInResponse, HistoryResponse, LoginResponse } from './responses';
import { parseExpiresIn, TokenCache, type GatewayToken } from './token-cache';

export interface GatewayPaths {
  login: string;
  cardCheck: string;
  history: string;
  /** See CHECKIN_PATHS. */
  checkIn: string;
}

/**
 * QĐ 3176 replaced QĐ 4750 from 2025-01-01, so its path is the default; 4750 stays selectable for a
 * facility the gateway still expects there. Both take the same check-in table (checkin-fields.ts).
 */
export const CHECKIN_PATHS: Readonly<Record<CheckInTable, string>> = {
  qd3176: '/api/qd130/checkInKcbQd3176',
  qd4750: '/api/qd130/checkInKcbQd4750',
};

export const DEFAULT_PATHS: GatewayPaths = {
  login: '/api/token/take',
  cardCheck: '/api/egw/KQNhanLichSuKCB2024',
  history: '/api/egw/Lskcb2025',
  checkIn: CHECKIN_PATHS.qd3176,
};

export const GATEWAY_HOSTS = {
  production: 'https://egw.baohiemxahoi.gov.vn',
  training: 'https://daotaoegw.baohiemxahoi.gov.vn',
} as const;

export interface GatewayClientOptions {
  /** e.g. GATEWAY_HOSTS.production, or the simulator's URL. */
  baseUrl: string;
  account: GatewayAccount;
  clock: Clock;
  logger?: Logger;
  timeouts?: Partial<HttpTimeouts>;
  paths?: Partial<GatewayPaths>;
  /**
   * The appendix says JSON; one production system sends the card check form-encoded and it works
   * (docs/bhxh-gateway.md "Card check"). History is always form-encoded: the gateway rejects JSON there ("Visit history").
   */
  cardCheckEncoding?: 'json' | 'form';
  /** MA_CSKCB and maTinh for check-ins; read from a `NNNNN_BV` username when not given. */
  facility?: FacilityIds;
  /** Share one between clients of the same account (desk and outbox) so they share the token. */
  tokenCache?: TokenCache;
  /** `false` turns the guard off (tests that ask many questions at one pinned instant). */
  lookupLimits?: LookupLimits | false;
  maxResponseBytes?: number;
  /** Source address: BHXH admits only the facility's registered addresses and binds tokens to it. */
  localAddress?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CheckInReceipt {
  /** Keep it: the gateway keeps results for only 60 days (docs/bhxh-gateway.md "Check-in report"). */
  maGiaoDich: string;
  /** As sent, `yyyyMMddHHmmss` Vietnam time. */
  thoiGianTiepNhan: string | null;
  /** The same as an ISO instant, when readable. */
  receivedAt: string | null;
  message: string | null;
  raw: Record<string, unknown>;
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export class GatewayClient {
  private readonly baseUrl: URL;
  private readonly paths: GatewayPaths;
  private readonly timeouts: HttpTimeouts;
  private readonly tokens: TokenCache;
  private readonly tokenKey: string;
  private readonly passwordHash: string;
  private readonly guard: LookupGuard<EligibilityResult>;
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private readonly log: Logger | undefined;

  constructor(private readonly options: GatewayClientOptions) {
    if (!URL.canParse(options.baseUrl)) throw new GatewayError('bad-input', 'gateway URL');
    this.baseUrl = new URL(options.baseUrl);
    this.paths = { ...DEFAULT_PATHS, ...options.paths };
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.tokens = options.tokenCache ?? new TokenCache(options.clock);
    this.tokenKey = `${this.baseUrl.origin}|${options.account.username}`;
    this.passwordHash = passwordHashOf(options.account);
    this.guard = new LookupGuard(options.clock, options.lookupLimits ?? DEFAULT_LOOKUP_LIMITS);
    this.log = options.logger?.child({ component: 'bhxh-gateway' });
  }

  get username(): string {
    return this.options.account.username;
  }

  /**
   * The cached token, or a fresh login shared by everyone waiting for one. The login has its own time
   * limits and no caller's signal: one caller giving up must not fail the others waiting on it.
   */
  token(): Promise<GatewayToken> {
    return this.tokens.get(this.tokenKey, () => this.login());
  }

  /**
   * The card check (KQNhanLichSuKCB2024). Every answer with a maKetQua is a result, including the ones
   * that mean "not eligible" or "try later"; for 003 the new card is checked at once, exactly once.
   * Identical questions in flight share one request (and its cancellation); see LookupGuard.
   */
  async lookupCard(query: CardQuery, staff: Staff, options: CallOptions = {}): Promise<EligibilityResult> {
    const { query: clean, staff: cleanStaff } = cleanQuery(query, staff);
    const key = LookupGuard.key(clean.maThe, clean.hoTen, clean.ngaySinh, cleanStaff.fullName, cleanStaff.idNumber);
    return this.guard.run(key, async () => {
      const first = await this.cardCheck(clean, cleanStaff, options);
      const newCard = first.newCard?.maThe;
      if (first.code !== '003' || !newCard) return first;
      try {
        this.guard.spend();
        return withFollowUp(first, await this.cardCheck({ ...clean, maThe: newCard }, cleanStaff, options));
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        return withFollowUpError(first, { code: error.code, message: error.message });
      }
    });
  }

  /** Visit history (Lskcb2025), form-encoded. */
  async history(query: CardQuery, staff: Staff, options: CallOptions = {}): Promise<VisitHistory> {
    const { query: clean, staff: cleanStaff } = cleanQuery(query, staff);
    this.guard.spend();
    const started = performance.now();
    const { raw, value } = await this.withToken(async (token) => {
      const reply = await this.send('POST', this.apiUrl(this.paths.history, token), FORM, formBody(wireQuery(clean, cleanStaff)), {}, options);
      return readReply(reply, HistoryResponse, 'history');
    });
    const history = interpretHistory(value, raw, this.options.clock.now());
    this.log?.info({ event: 'history', code: history.code, visits: history.visits.length, ms: Math.round(performance.now() - started) }, 'visit history');
    return history;
  }

  /**
   * Sends a signed check-in file (build it with `signedCheckInXml`). Resolves with the receipt only
   * when the gateway accepted it (maKetQua 200); any other answer is a GatewayError carrying maKetQua,
   * so the outbox can tell a file to fix (205) from a moment to wait (500, timeout).
   */
  async submitCheckIn(signedXml: string, options: CallOptions = {}): Promise<CheckInReceipt> {
    const facility = this.options.facility ?? facilityOfUsername(this.username);
    if (!facility) throw new GatewayError('bad-input', 'facility code unknown: give `facility` or a NNNNN_BV username');
    const fileHSBase64 = encodeCheckInFile(signedXml);
    const started = performance.now();
    const { raw, value } = await this.withToken(async (token) => {
      const headers = { accessToken: token.accessToken, tokenId: token.idToken, passwordHash: this.passwordHash };
      const body = formBody({ username: this.username, loaiHoSo: '0', maTinh: facility.maTinh, maCSKCB: facility.maCSKCB, fileHSBase64 });
      const reply = await this.send('POST', new URL(this.paths.checkIn, this.baseUrl), FORM, body, headers, options);
      return readReply(reply, CheckInResponse, 'check-in');
    });
    this.log?.info({ event: 'check-in', code: value.maKetQua, ms: Math.round(performance.now() - started) }, 'check-in sent');
    if (value.maKetQua !== '200') {
      throw new GatewayError('gateway', `check-in refused: ${value.maKetQua}`, {
        maKetQua: value.maKetQua,
        ...(value.thongDiep ? { gatewayMessage: value.thongDiep.slice(0, 500) } : {}),
      });
    }
    if (!value.maGiaoDich) throw new GatewayError('bad-response', 'check-in accepted without maGiaoDich');
    return {
      maGiaoDich: value.maGiaoDich,
      thoiGianTiepNhan: value.thoiGianTiepNhan,
      receivedAt: compactToInstant(value.thoiGianTiepNhan)?.toISOString() ?? null,
      message: value.thongDiep,
      raw,
    };
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async cardCheck(query: CardQuery, staff: Staff, options: CallOptions): Promise<EligibilityResult> {
    const started = performance.now();
    const fields = wireQuery(query, staff);
    const json = (this.options.cardCheckEncoding ?? 'json') === 'json';
    const { raw, value } = await this.withToken(async (token) => {
      const reply = await this.send(
        'POST',
        this.apiUrl(this.paths.cardCheck, token),
        json ? JSON_TYPE : FORM,
        json ? JSON.stringify(fields) : formBody(fields),
        {},
        options,
      );
      return readReply(reply, CardCheckResponse, 'card check');
    });
    const result = interpretCardCheck(value, raw, query, this.options.clock.now());
    this.log?.info(
      { event: 'card-check', kind: cardNumberKind(query.maThe), code: result.code, status: result.status, ms: Math.round(performance.now() - started) },
      'card checked',
    );
    return result;
  }

  private async login(): Promise<GatewayToken> {
    const started = performance.now();
    const body = formBody({ username: this.username, password: this.passwordHash });
    const reply = await this.send('POST', new URL(this.paths.login, this.baseUrl), FORM, body, {}, {});
    const read = readReply(reply, LoginResponse, 'login');
    if (read.unauthorized) throw new GatewayError('auth', 'login refused', { maKetQua: '401' });
    const { value } = read;
    if (value.maKetQua !== '200') throw new GatewayError('gateway', `login: ${value.maKetQua}`, { maKetQua: value.maKetQua });
    if (!value.APIKey) throw new GatewayError('bad-response', 'login: no APIKey');
    const token: GatewayToken = {
      accessToken: value.APIKey.access_token,
      idToken: value.APIKey.id_token,
      username: value.APIKey.username ?? this.username,
      expiresAt: parseExpiresIn(value.APIKey.expires_in, this.options.clock.now()),
    };
    this.log?.info({ event: 'login', expiresAt: token.expiresAt.toISOString(), ms: Math.round(performance.now() - started) }, 'gateway login');
    return token;
  }

  /** One call with the cached token; on 401 one fresh login and exactly one retry (docs/bhxh-gateway.md "Login"). */
  private async withToken<T>(call: (token: GatewayToken) => Promise<ReadReply<T>>): Promise<{ raw: Record<string, unknown>; value: T }> {
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const token = await this.token();
      const read = await call(token);
      if (!read.unauthorized) return read;
      this.tokens.invalidate(this.tokenKey, token);
      this.log?.warn({ event: 'token-refused', attempt }, 'gateway refused the token');
    }
    throw new GatewayError('auth', 'token refused after a fresh login', { maKetQua: '401' });
  }

  /** The card-check and history URLs carry the credentials in the query string (docs/bhxh-gateway.md "Card check"). */
  private apiUrl(path: string, token: GatewayToken): URL {
    const url = new URL(path, this.baseUrl);
    url.searchParams.set('token', token.accessToken);
    url.searchParams.set('id_token', token.idToken);
    url.searchParams.set('username', this.username);
    url.searchParams.set('password', this.passwordHash);
    return url;
  }

  private send(method: 'POST', url: URL, contentType: string, body: string, headers: Record<string, string>, options: CallOptions): Promise<HttpReply> {
    return httpExchange(
      { method, url, body, headers: { 'Content-Type': contentType, Accept: 'application/json', ...headers } },
      {
        timeouts: this.timeouts,
        maxResponseBytes: this.options.maxResponseBytes ?? 8 * 1024 * 1024,
        agents: this.agents,
        ...(this.options.localAddress ? { localAddress: this.options.localAddress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  }
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function wireQuery(query: CardQuery, staff: Staff): Record<string, string> {
  return { maThe: query.maThe, hoTen: query.hoTen, ngaySinh: query.ngaySinh, hoTenCb: staff.fullName, cccdCb: staff.idNumber };
}

/** Checks the question against the API's formats before anything is sent (205 costs a round trip). */
export function cleanQuery(query: CardQuery, staff: Staff): { query: CardQuery; staff: Staff } {
  const problems: FieldProblem[] = [];
  const maThe = normaliseCardNumber(query.maThe);
  if (!cardNumberKind(maThe)) problems.push({ field: 'maThe', problem: 'not a 12-digit CCCD, 10-digit BHXH number or 15-character BHYT code' });
  const hoTen = query.hoTen.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (hoTen === '' || hoTen.length > 255) problems.push({ field: 'hoTen', problem: 'empty or longer than 255' });
  const ngaySinh = query.ngaySinh.trim();
  if (!parseBirthDate(ngaySinh)) problems.push({ field: 'ngaySinh', problem: 'not dd/MM/yyyy, MM/yyyy or yyyy' });
  const fullName = staff.fullName.normalize('NFC').replace(/\s+/g, ' ').trim();
  const idNumber = staff.idNumber.trim();
  if (fullName === '') problems.push({ field: 'hoTenCb', problem: 'empty' });
  if (!/^\d{12}$/.test(idNumber)) problems.push({ field: 'cccdCb', problem: 'not a 12-digit CCCD number' });
  if (problems.length > 0) throw new GatewayError('bad-input', problems.map((p) => p.field).join(', '), { problems });
  return { query: { maThe, hoTen, ngaySinh }, staff: { fullName, idNumber } };
}
