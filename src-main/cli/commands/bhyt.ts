// `tiepdon bhyt lookup|history`: one card check or history request against a BHXH gateway (the real
// one or the simulator), for support staff checking an account, a staff registration or a card.
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../../util/clock';
import { GatewayClient, GatewayError, type EligibilityResult, type VisitHistory } from '../../insurance';
import { printJson, type CliIo } from '../io';

export const bhytUsage = `Usage: npm run -s tiepdon -- bhyt lookup|history --gateway URL --username U --password P
         --staff-name NAME --staff-id ID --ma-the X --ho-ten NAME --ngay-sinh DATE [--json]
         [--encoding json|form] [--connect-timeout-ms N] [--timeout-ms N] [--local-address IP]

  --ma-the      12-digit CCCD, 10-digit BHXH number or 15-character BHYT code
  --ngay-sinh   dd/MM/yyyy, or MM/yyyy or yyyy when that is all that is known
  --password    or the TIEPDON_GATEWAY_PASSWORD environment variable (keeps it out of the process list)`;

const options = {
  gateway: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'staff-name': { type: 'string' },
  'staff-id': { type: 'string' },
  'ma-the': { type: 'string' },
  'ho-ten': { type: 'string' },
  'ngay-sinh': { type: 'string' },
  encoding: { type: 'string', default: 'json' },
  'connect-timeout-ms': { type: 'string', default: '15000' },
  'timeout-ms': { type: 'string', default: '60000' },
  'local-address': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** The result with the keys a person reads first, first; the raw reply last. */
function forPrinting(result: EligibilityResult) {
  const { code, status, message, card, newCard, correction, followUp, followUpError, holder, reason, known, standardText, retryLater, checkedAt, raw } = result;
  return { code, status, message, card, newCard, correction, followUp, followUpError, holder, reason, known, standardText, retryLater, checkedAt, raw };
}

function describeResult(io: CliIo, result: EligibilityResult): void {
  io.out(`${result.code} ${result.status} — ${result.message}`);
  const card = result.card;
  if (card) {
    const level = card.benefitLevel === null ? '' : ` (mức ${card.benefitLevel}, ${card.coveragePercent}%)`;
    io.out(`Thẻ / card: ${card.maThe}${level}, ${card.validFrom ?? '?'} → ${card.validTo ?? '?'} (${card.validity}), KCB ban đầu ${card.maDKBD ?? '?'}`);
  }
  if (result.newCard) io.out(`Thẻ mới / new card: ${result.newCard.maThe}, ${result.newCard.validFrom ?? '?'} → ${result.newCard.validTo ?? '?'}`);
  if (result.correction) io.out(`Cần sửa / correct ${result.correction.field}: gửi "${result.correction.sent}", cổng BHXH có "${result.correction.gatewayValue ?? '?'}"`);
  if (result.followUp) io.out(`Tra lại thẻ mới / new card checked: ${result.followUp.code} ${result.followUp.status}`);
}

function describeHistory(io: CliIo, history: VisitHistory): void {
  io.out(`${history.code} — ${history.message}`);
  for (const visit of history.visits) io.out(`${visit.admittedAt ?? '?'}  ${visit.maCSKCB ?? '?'}  ${visit.tenBenh ?? ''}`);
}

export async function bhytCommand(args: string[], io: CliIo, deps: { clock?: Clock; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h' || rest.includes('--help')) {
    io.out(bhytUsage);
    return 0;
  }
  if (sub !== 'lookup' && sub !== 'history') {
    io.err(bhytUsage);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options, strict: true });
  const password = values.password ?? (deps.env ?? process.env).TIEPDON_GATEWAY_PASSWORD;
  const missing: string[] = (['gateway', 'username', 'staff-name', 'staff-id', 'ma-the', 'ho-ten', 'ngay-sinh'] as const).filter((name) => !values[name]);
  if (!password) missing.push('password');
  const connectMs = Number(values['connect-timeout-ms']);
  const totalMs = Number(values['timeout-ms']);
  const problem =
    missing.length > 0
      ? `Missing --${missing.join(', --')}`
      : values.encoding !== 'json' && values.encoding !== 'form'
        ? '--encoding must be json or form'
        : !(connectMs > 0 && totalMs > 0)
          ? 'timeouts must be positive numbers of milliseconds'
          : null;
  if (problem) {
    io.err(`${problem}\n\n${bhytUsage}`);
    return 2;
  }

  const client = new GatewayClient({
    baseUrl: values.gateway!,
    account: { username: values.username!, password: password! },
    clock: deps.clock ?? systemClock,
    cardCheckEncoding: values.encoding as 'json' | 'form',
    timeouts: { connectMs, totalMs },
    ...(values['local-address'] ? { localAddress: values['local-address'] } : {}),
  });
  const query = { maThe: values['ma-the']!, hoTen: values['ho-ten']!, ngaySinh: values['ngay-sinh']! };
  const staff = { fullName: values['staff-name']!, idNumber: values['staff-id']! };
  try {
    if (sub === 'lookup') {
      const result = await client.lookupCard(query, staff);
      if (values.json) printJson(io, forPrinting(result));
      else describeResult(io, result);
    } else {
      const history = await client.history(query, staff);
      if (values.json) printJson(io, history);
      else describeHistory(io, history);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    if (values.json) printJson(io, { error: error.toJSON() });
    io.err(`${error.words.vi}\n${error.message}`);
    for (const problem of error.details.problems ?? []) io.err(`  ${problem.field}: ${problem.problem}`);
    return 1;
  } finally {
    client.close();
  }
}
