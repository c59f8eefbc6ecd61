// Hostile contract requests for the hosts' fuzz tests: a valid example of every channel (typed against
// the contract, so a new channel cannot be forgotten), mutated field by field, mixed with unknown channels
// and arbitrary values. Deterministic for a seed.
import fc from 'fast-check';
import { ContractErrorCode, requestChannels, type RequestChannel, type RequestOf } from '../../contract';

const checkin: RequestOf<'checkin.create'> = {
  readId: null,
  manual: { idNumber: '001090012345', fullName: 'Nguyễn Thị Thử', dateOfBirth: '01/02/1990', sex: 'Nữ', provenance: 'typed' },
  serviceCode: 'NOI',
  lane: 'fee',
  visitType: 'first-visit',
  reason: 'ho',
  heightCm: null,
  bloodGroup: null,
  priority: { elderly: false, childUnder6: false, disability: false, pregnancy: false },
  channel: 'desk',
  allowSecondVisit: true,
};

/** One valid request per channel. `app.setMode` asks for production (the fuzzed host has no demo to load). */
export const validRequests: { [C in RequestChannel]: RequestOf<C> } = {
  'app.info': {},
  'app.setMode': { mode: 'production' },
  'app.restart': {},
  'setup.certificate': { uploadId: '0123456789abcdef0123456789abcdef', password: 'x' },
  'setup.testConnection': { operatorId: '001190000001' },
  'site.check': { url: 'postgres://tiepdon@127.0.0.1:9/site', uploadId: '0123456789abcdef0123456789abcdef', passphrase: 'mật khẩu đăng ký', stationCode: 'K1' },
  'site.join': { url: 'postgres://tiepdon@127.0.0.1:9/site', uploadId: '0123456789abcdef0123456789abcdef', passphrase: 'mật khẩu đăng ký', stationCode: 'K1' },
  'backup.create': { passphrase: 'một câu dài đủ mười ký tự' },
  'backup.restore': { uploadId: '0123456789abcdef0123456789abcdef', passphrase: 'một câu dài đủ mười ký tự' },
  'files.choose': { purpose: 'certificate' },
  'operator.current': {},
  'operator.signIn': { idNumber: '001190000001' },
  'operator.signOut': {},
  'audit.list': { limit: 10 },
  'trust.imports': {},
  'retention.last': {},
  'readers.list': {},
  'settings.get': {},
  'settings.set': { language: 'vi', kiosk: { idleSeconds: 30 }, printerName: null },
  'demo.ping': { message: 'xin chào' },
  'desk.read': { reader: 'Fuzz Reader 0', key: { kind: 'can', can: '123456' } },
  'desk.parseQr': { text: '001090012345|012345678|Nguyễn Văn An|15031990|Nam|Hà Nội|01012021' },
  'services.list': {},
  'checkin.create': checkin,
  'visits.today': { search: 'Thử' },
  'visits.retry': { visitId: '00000000-0000-0000-0000-000000000000' },
  'ticket.get': { visitId: '00000000-0000-0000-0000-000000000000' },
  'ticket.print': { visitId: '00000000-0000-0000-0000-000000000000' },
  'visits.cancel': { visitId: '00000000-0000-0000-0000-000000000000', reason: 'Nhầm người' },
  'visits.correct': { visitId: '00000000-0000-0000-0000-000000000000', reason: 'Sai phòng khám', serviceCode: 'NOI' },
  'queue.callNext': { counter: 'P1' },
  'queue.skip': { counter: 'P1' },
  'queue.recall': { counter: 'P1' },
  'queue.nowServing': {},
  'queue.display': {},
  'queue.siteState': {},
  'sync.state': {},
  'sync.flush': {},
  'his.state': {},
  'his.retryDead': {},
  'trust.import': { fileName: 'x.pem', uploadId: '0123456789abcdef0123456789abcdef' },
  'trust.list': {},
  'kiosk.exit': { pin: '0000' },
  'sim.personas': {},
  'sim.tap': { personaId: 'an' },
  'sim.remove': {},
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value`, the root included. */
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const inner = Array.isArray(value)
    ? value.flatMap((item, i) => paths(item, [...at, i]))
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, item]) => paths(item, [...at, key]))
      : [];
  return [at, ...inner];
}

const oddKeys = ['__proto__', 'constructor', 'prototype', 'toString', '', 'x'.repeat(300)];
const oddValues: Json[] = [null, true, 0, -1, 1e308, -0, 2 ** 53 + 1, '', ' ', '\u0000', '\uFFFF', '\uD800', 'x'.repeat(100_000), [], {}, [[[[[[]]]]]]];

const edit = fc.record({
  kind: fc.constantFrom('replace', 'delete', 'add', 'odd', 'wrap'),
  at: fc.nat(),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, fc.constantFrom(...oddValues)),
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...oddKeys)),
});

/** A valid request with 1–3 edits: a field replaced, deleted, doubled under an unexpected key, or wrapped. */
function mutate(base: Json, edits: fc.Arbitrary<{ kind: string; at: number; value: Json; key: string }[]>): fc.Arbitrary<unknown> {
  return edits.map((list) => {
    let root = structuredClone(base);
    for (const { kind, at, value, key } of list) {
      const all = paths(root);
      const path = all[at % all.length]!;
      const parentPath = path.slice(0, -1);
      const last = path[path.length - 1];
      const parent = parentPath.reduce<Json>((node, step) => (node as Record<string | number, Json>)[step]!, root) as Record<string | number, Json> | Json[];
      const current = last === undefined ? root : (parent as Record<string | number, Json>)[last]!;
      // Copies, so no value is shared between requests or placed inside itself.
      const next = structuredClone(kind === 'odd' ? oddValues[at % oddValues.length]! : kind === 'wrap' ? [current] : value);
      if (kind === 'add') {
        if (current && typeof current === 'object' && !Array.isArray(current)) Object.defineProperty(current, key, { value: next, enumerable: true, writable: true, configurable: true });
      } else if (last === undefined) root = kind === 'delete' ? null : next;
      else if (kind === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else (parent as Record<string | number, Json>)[last] = next;
    }
    return root;
  });
}

export interface FuzzRequest {
  channel: unknown;
  payload: unknown;
}

const knownChannel = fc.constantFrom(...requestChannels);

/** Mostly mutated valid requests; also unknown channels, channels of the wrong type and arbitrary payloads. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 6, arbitrary: knownChannel.chain((channel) => mutate(validRequests[channel] as Json, fc.array(edit, { minLength: 1, maxLength: 3 })).map((payload) => ({ channel, payload }))) },
  { weight: 2, arbitrary: fc.record({ channel: knownChannel, payload: fc.anything() }) },
  { weight: 1, arbitrary: knownChannel.map((channel) => ({ channel, payload: validRequests[channel] })) },
  { weight: 1, arbitrary: fc.record({ channel: fc.oneof(fc.string({ maxLength: 64 }), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'demo.ping ', 'DEMO.PING')), payload: fc.jsonValue() }) },
);

export function fuzzRequests(seed: number, count: number): FuzzRequest[] {
  return fc.sample(fuzzRequest, { seed, numRuns: count });
}

/** The codes a request may fail with; `internal` and `bad-response` mean a handler broke, so they are not here. */
export const expectedErrorCodes: ReadonlySet<string> = new Set(ContractErrorCode.options.filter((code) => code !== 'internal' && code !== 'bad-response'));

/** Counts of outcomes, for the test's report and its assertions. */
export class FuzzTally {
  readonly byOutcome = new Map<string, number>();
  add(outcome: string): void {
    this.byOutcome.set(outcome, (this.byOutcome.get(outcome) ?? 0) + 1);
  }
  get total(): number {
    return [...this.byOutcome.values()].reduce((sum, n) => sum + n, 0);
  }
  toString(): string {
    return [...this.byOutcome.entries()].sort().map(([key, n]) => `${key}=${n}`).join(' ');
  }
}
