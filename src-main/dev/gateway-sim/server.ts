// A local server speaking the BHXH e-gateway's API (docs/bhxh-gateway.md) over loopback, for tests,
// development and demos: the demo facility account, tokens that expire and are bound to the caller's
// address, the fixture BHYT records, a check-in endpoint that verifies the facility's signature, and
// faults injected at run time. `/__sim/*` is the simulator's own control surface, never faulted.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../util/clock';
import type { CheckInFieldValues } from '../../insurance/checkin-fields';
import { compactDateTimeSeconds, vnIsoDate } from '../../insurance/dates';
import type { FieldProblem } from '../../insurance/errors';
import type { Logger } from '../../log/logger';
import { DEMO_ACCOUNT, type SimAccount } from './accounts';
import { answerCardCheck, answerHistory, type LookupFields } from './card-check';
import { verifyCheckInFile } from './checkin-verify';
import { Faults, FaultsPatch, NO_FAULTS, seededRandom, type SimRoute } from './faults';
import { fixturePaths } from './fixture-paths';
import { loadPeople, type SimPerson } from './records';
import { peopleInYear, RECORDS_YEAR } from './record-years';
import { SimClock } from './sim-clock';

export interface GatewaySimOptions {
  /** 0 (the default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Pin it in tests: card validity and token expiry follow it. */
  clock?: Clock;
  people?: SimPerson[];
  accounts?: SimAccount[];
  /** The facility certificate registered with BHXH (default: fixtures/pki/facility-01001.crt.pem). */
  trustedCertificatePem?: string;
  faults?: Partial<Faults>;
  /** Seed of the generator that decides which requests random faults hit. */
  seed?: number;
  /** Real tokens lived 10 minutes (docs/bhxh-gateway.md "Login"). */
  tokenTtlMs?: number;
  /** HTTP status sent with maKetQua 401; gateways are seen to use both. */
  unauthorizedStatus?: 401 | 200;
  /** Longest a request hangs under `timeoutRate` before its connection is dropped. */
  maxHangMs?: number;
  logger?: Logger;
}

export interface ReceivedCheckIn {
  /** Which endpoint it came to: `/api/qd130/checkInKcbQd3176` or `…Qd4750` (both take the same table). */
  path: string;
  maGiaoDich: string;
  thoiGianTiepNhan: string;
  receivedAt: string;
  username: string;
  maTinh: string;
  maCSKCB: string;
  loaiHoSo: string;
  /** Each row, decoded from the signed content. */
  records: CheckInFieldValues[];
  xml: string;
}

export interface RejectedCheckIn {
  receivedAt: string;
  maKetQua: string;
  thongDiep: string;
  problems: FieldProblem[];
}

export interface SimStats {
  login: number;
  'card-check': number;
  history: number;
  'check-in': number;
}

export interface SimLookup {
  at: string;
  hoTenCb: string;
  cccdCb: string;
  maKetQua: string;
}

/** Card checks remembered for `GET /__sim/lookups`. */
const KEPT_LOOKUPS = 1000;

export interface GatewaySim {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  clock: SimClock;
  faults(): Faults;
  setFaults(patch: FaultsPatch): Faults;
  checkIns(): ReceivedCheckIn[];
  rejectedCheckIns(): RejectedCheckIn[];
  /** Who made each card check (the staff fields the gateway checks for 054/055), newest last. */
  lookups(): SimLookup[];
  stats(): SimStats;
  /** Forgets tokens, check-ins and counters; faults back to the ones given at start. */
  reset(): void;
  close(): Promise<void>;
}

interface Token {
  idToken: string;
  username: string;
  address: string;
  expiresAt: number;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_TOKENS = 10_000;
const MAX_KEPT = 10_000;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
};

/** `expires_in` as the real gateway writes it: UTC with 7 fractional digits. */
const gatewayExpiry = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

const callerAddress = (request: IncomingMessage) => (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpProblem(413, 'body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

type Body = { encoding: 'form' | 'json' | 'other'; fields: Record<string, string> };

function parseBody(request: IncomingMessage, text: string): Body {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded')) return { encoding: 'form', fields: Object.fromEntries(new URLSearchParams(text)) };
  if (type.startsWith('application/json')) {
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { encoding: 'json', fields: {} };
      const fields: Record<string, string> = {};
      for (const [key, item] of Object.entries(value)) if (typeof item === 'string' || typeof item === 'number') fields[key] = String(item);
      return { encoding: 'json', fields };
    } catch {
      return { encoding: 'json', fields: {} };
    }
  }
  return { encoding: 'other', fields: {} };
}

export async function startGatewaySim(options: GatewaySimOptions = {}): Promise<GatewaySim> {
  const clock = new SimClock(options.clock ?? systemClock);
  const people = options.people ?? loadPeople();
  // Moved to the clock's year once per year, not per request.
  let ledger = { year: RECORDS_YEAR, people };
  const peopleOn = (today: string): SimPerson[] => {
    const year = Number(today.slice(0, 4));
    if (ledger.year !== year) ledger = { year, people: peopleInYear(people, year) };
    return ledger.people;
  };
  const accounts = options.accounts ?? [DEMO_ACCOUNT];
  const trustedCertificatePem = options.trustedCertificatePem ?? readFileSync(fixturePaths.facilityCertificate, 'utf8');
  const initialFaults = Faults.parse({ ...NO_FAULTS, ...options.faults });
  const random = seededRandom(options.seed ?? 20_260_315);
  const tokenTtlMs = options.tokenTtlMs ?? 10 * 60_000;
  const unauthorizedStatus = options.unauthorizedStatus ?? 401;
  const maxHangMs = options.maxHangMs ?? 120_000;
  const log = options.logger?.child({ component: 'gateway-sim' });

  let faults = { ...initialFaults };
  let tokens = new Map<string, Token>();
  let received: ReceivedCheckIn[] = [];
  let rejected: RejectedCheckIn[] = [];
  let stats: SimStats = { login: 0, 'card-check': 0, history: 0, 'check-in': 0 };
  let lookups: SimLookup[] = [];
  let transactions = 0;
  const pending = new Set<NodeJS.Timeout>();

  /** Waits `ms`; false if the caller hung up meanwhile (then nothing more is sent). */
  const later = (ms: number, request: IncomingMessage) =>
    new Promise<boolean>((resolve) => {
      const socket = request.socket;
      const onClose = () => {
        clearTimeout(timer);
        pending.delete(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        pending.delete(timer);
        socket.off('close', onClose);
        resolve(true);
      }, ms);
      pending.add(timer);
      socket.once('close', onClose);
    });

  const unauthorized = (response: ServerResponse, field: 'ghiChu' | 'thongDiep' = 'ghiChu') =>
    json(response, unauthorizedStatus, { maKetQua: '401', [field]: 'Lỗi xác thực tài khoản' });

  const accountOf = (username: string | undefined) => accounts.find((account) => account.username === username);

  /** The token in force for these credentials and this caller, if any. */
  const tokenValid = (request: IncomingMessage, accessToken?: string, idToken?: string, username?: string, passwordHash?: string) => {
    const token = accessToken ? tokens.get(accessToken) : undefined;
    const account = accountOf(username);
    if (!token || !account || token.idToken !== idToken || token.username !== username) return null;
    if ((passwordHash ?? '').toUpperCase() !== account.passwordHash) return null;
    if (token.address !== callerAddress(request)) return null;
    if (clock.now().getTime() >= token.expiresAt) return null;
    return account;
  };

  const handleLogin = (request: IncomingMessage, response: ServerResponse, body: Body) => {
    const account = accountOf(body.fields.username);
    if (!account || (body.fields.password ?? '').toUpperCase() !== account.passwordHash) return unauthorized(response);
    const now = clock.now().getTime();
    if (tokens.size >= MAX_TOKENS) tokens = new Map([...tokens].filter(([, token]) => token.expiresAt > now));
    const accessToken = randomBytes(32).toString('base64url');
    const token: Token = { idToken: randomUUID(), username: account.username, address: callerAddress(request), expiresAt: now + tokenTtlMs };
    tokens.set(accessToken, token);
    json(response, 200, {
      maKetQua: '200',
      APIKey: { access_token: accessToken, id_token: token.idToken, token_type: 'Bearer', username: account.username, expires_in: gatewayExpiry(token.expiresAt) },
    });
  };

  const lookupAccount = (request: IncomingMessage, url: URL) => {
    const query = url.searchParams;
    return tokenValid(request, query.get('token') ?? undefined, query.get('id_token') ?? undefined, query.get('username') ?? undefined, query.get('password') ?? undefined);
  };

  const lookupFields = (body: Body): LookupFields => ({
    maThe: body.fields.maThe,
    hoTen: body.fields.hoTen,
    ngaySinh: body.fields.ngaySinh,
    hoTenCb: body.fields.hoTenCb,
    cccdCb: body.fields.cccdCb,
  });

  const handleCardCheck = (request: IncomingMessage, response: ServerResponse, url: URL, body: Body) => {
    const account = lookupAccount(request, url);
    if (!account) return unauthorized(response);
    // The appendix says JSON; form-encoded works too in production (docs/bhxh-gateway.md "Card check").
    if (body.encoding === 'other') return json(response, 200, { maKetQua: '205', ghiChu: 'Lỗi sai định dạng tham số' });
    const today = vnIsoDate(clock.now());
    const fields = lookupFields(body);
    const reply = answerCardCheck(fields, { people: peopleOn(today), account, today });
    lookups.push({ at: clock.now().toISOString(), hoTenCb: fields.hoTenCb ?? '', cccdCb: fields.cccdCb ?? '', maKetQua: reply.maKetQua });
    if (lookups.length > KEPT_LOOKUPS) lookups.shift();
    log?.info({ event: 'card-check', code: reply.maKetQua }, 'card check');
    json(response, 200, reply);
  };

  const handleHistory = (request: IncomingMessage, response: ServerResponse, url: URL, body: Body) => {
    const account = lookupAccount(request, url);
    if (!account) return unauthorized(response);
    // Lskcb2025 takes form fields only; a JSON body is rejected although the letter says JSON ("Visit history" in docs/bhxh-gateway.md).
    if (body.encoding !== 'form') return json(response, 200, { maKetQua: '205', ghiChu: 'Lỗi sai định dạng tham số', dsLichSuKCB2025: null });
    const today = vnIsoDate(clock.now());
    json(response, 200, answerHistory(lookupFields(body), { people: peopleOn(today), account, today }));
  };

  const handleCheckIn = (request: IncomingMessage, response: ServerResponse, body: Body, path: string) => {
    const header = (name: string) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    };
    const account = tokenValid(request, header('accessToken'), header('tokenId'), body.fields.username, header('passwordHash'));
    if (!account) return unauthorized(response, 'thongDiep');
    const now = clock.now();
    const refuse = (thongDiep: string, problems: FieldProblem[] = []) => {
      if (rejected.length < MAX_KEPT) rejected.push({ receivedAt: now.toISOString(), maKetQua: '205', thongDiep, problems });
      log?.info({ event: 'check-in-refused', reason: thongDiep }, 'check-in refused');
      json(response, 200, { maKetQua: '205', thongDiep, dsLoi: problems.map((problem) => ({ truong: problem.field, moTa: problem.problem })) });
    };
    if (body.encoding !== 'form') return refuse('Lỗi sai định dạng tham số');
    const { loaiHoSo, maTinh, maCSKCB, fileHSBase64 } = body.fields;
    if (loaiHoSo !== '0') return refuse('loaiHoSo phải là 0');
    if (maCSKCB !== account.maCSKCB || maTinh !== account.maTinh) return refuse('Mã cơ sở KCB hoặc mã tỉnh không khớp tài khoản');
    const verdict = verifyCheckInFile(fileHSBase64 ?? '', trustedCertificatePem);
    if (!verdict.ok) return refuse(verdict.message, verdict.problems);
    const foreign = verdict.records.findIndex((record) => record.MA_CSKCB !== account.maCSKCB);
    if (foreign >= 0) return refuse('MA_CSKCB không khớp tài khoản', [{ field: `[${foreign}].MA_CSKCB`, problem: 'not this facility' }]);

    transactions += 1;
    const thoiGianTiepNhan = compactDateTimeSeconds(now);
    const maGiaoDich = `${account.maCSKCB}${thoiGianTiepNhan}${String(transactions).padStart(6, '0')}`;
    if (received.length < MAX_KEPT) {
      received.push({
        path,
        maGiaoDich,
        thoiGianTiepNhan,
        receivedAt: now.toISOString(),
        username: account.username,
        maTinh,
        maCSKCB,
        loaiHoSo,
        records: verdict.records,
        xml: verdict.xml,
      });
    }
    log?.info({ event: 'check-in', records: verdict.records.length }, 'check-in received');
    json(response, 200, { maKetQua: '200', maGiaoDich, thoiGianTiepNhan, thongDiep: 'Tiếp nhận thành công' });
  };

  const routeOf = (pathname: string): SimRoute | null => {
    if (pathname === '/api/token/take') return 'login';
    if (pathname === '/api/egw/KQNhanLichSuKCB2024') return 'card-check';
    if (pathname === '/api/egw/Lskcb2025') return 'history';
    if (pathname === '/api/qd130/checkInKcbQd4750' || pathname === '/api/qd130/checkInKcbQd3176') return 'check-in';
    return null;
  };

  const handleControl = async (request: IncomingMessage, response: ServerResponse, pathname: string) => {
    const body = request.method === 'POST' ? await readBody(request) : '';
    const payload = () => {
      try {
        return body === '' ? {} : (JSON.parse(body) as unknown);
      } catch {
        throw new HttpProblem(400, 'not JSON');
      }
    };
    if (pathname === '/__sim/faults') {
      if (request.method === 'POST') {
        const patch = FaultsPatch.safeParse(payload());
        if (!patch.success) throw new HttpProblem(400, patch.error.issues[0]?.message ?? 'invalid faults');
        sim.setFaults(patch.data);
      }
      return json(response, 200, faults);
    }
    if (pathname === '/__sim/checkins') return json(response, 200, received);
    if (pathname === '/__sim/rejected') return json(response, 200, rejected);
    if (pathname === '/__sim/stats') return json(response, 200, stats);
    if (pathname === '/__sim/lookups') return json(response, 200, lookups);
    if (pathname === '/__sim/clock') {
      if (request.method === 'POST') {
        const now = (payload() as { now?: unknown }).now;
        if (typeof now !== 'string' || Number.isNaN(Date.parse(now))) throw new HttpProblem(400, 'now: ISO date and time expected');
        clock.set(new Date(now));
      }
      return json(response, 200, { now: clock.now().toISOString() });
    }
    if (pathname === '/__sim/reset' && request.method === 'POST') {
      sim.reset();
      return json(response, 200, { ok: true });
    }
    throw new HttpProblem(404, 'not found');
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL, route: SimRoute) => {
    const faulted = faults.routes === null || faults.routes.includes(route);
    if (faulted && faults.down) {
      request.socket.destroy();
      return;
    }
    if (request.method !== 'POST') throw new HttpProblem(405, 'method not allowed');
    const body = parseBody(request, await readBody(request));
    stats[route] += 1;
    if (faulted && faults.latencyMs > 0 && !(await later(faults.latencyMs, request))) return;
    if (faulted && faults.timeoutRate > 0 && random() < faults.timeoutRate) {
      await later(maxHangMs, request);
      request.socket.destroy();
      return;
    }
    if (faulted && faults.failRate > 0 && random() < faults.failRate) {
      response.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<html><body><h1>500 - Internal server error.</h1></body></html>');
      return;
    }
    if (faulted && faults.malformedRate > 0 && random() < faults.malformedRate) {
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end('{"maKetQua":"000","ghiChu":"Thẻ còn giá trị sử dụng","maThe":"DN40');
      return;
    }
    switch (route) {
      case 'login':
        return handleLogin(request, response, body);
      case 'card-check':
        return handleCardCheck(request, response, url, body);
      case 'history':
        return handleHistory(request, response, url, body);
      case 'check-in':
        return handleCheckIn(request, response, body, url.pathname);
    }
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = routeOf(url.pathname);
    const work = url.pathname.startsWith('/__sim/')
      ? handleControl(request, response, url.pathname)
      : route
        ? handleApi(request, response, url, route)
        : Promise.reject(new HttpProblem(404, 'not found'));
    work.catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return;
      const status = error instanceof HttpProblem ? error.status : 500;
      if (status === 500) log?.error({ err: error }, 'gateway simulator failed');
      json(response, status, { error: error instanceof HttpProblem ? error.message : 'internal error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const sim: GatewaySim = {
    url: `http://127.0.0.1:${port}`,
    port,
    clock,
    faults: () => ({ ...faults }),
    setFaults: (patch) => {
      faults = Faults.parse({ ...faults, ...FaultsPatch.parse(patch) });
      log?.info({ event: 'faults', faults }, 'faults changed');
      return { ...faults };
    },
    checkIns: () => [...received],
    rejectedCheckIns: () => [...rejected],
    lookups: () => [...lookups],
    stats: () => ({ ...stats }),
    reset: () => {
      tokens = new Map();
      lookups = [];
      received = [];
      rejected = [];
      stats = { login: 0, 'card-check': 0, history: 0, 'check-in': 0 };
      faults = { ...initialFaults };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return sim;
}
