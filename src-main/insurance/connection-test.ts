// "Kiểm tra kết nối": log in with the facility's account, then check the operator's own CCCD as that
// operator. What matters is whether the gateway accepts the account and the operator, not the card: any
// answer but a refused account, 054 (operator not registered), 055 (name does not match the CCCD) or no
// answer at all means lookups will work. The birth date is unknown here, so a 070 is an expected answer.
import type { ConnectionResult } from '../contract';
import type { Clock } from '../util/clock';
import type { GatewayAccount } from './account';
import { GatewayClient } from './client';
import type { Staff } from './eligibility';
import { GatewayError, gatewayErrorWords } from './errors';

const REFUSALS: Record<string, { vi: string; en: string }> = {
  '054': {
    vi: 'Cán bộ này chưa được đăng ký tra cứu với cơ quan BHXH (mã 054). Cơ sở cần đăng ký họ tên và số CCCD của cán bộ với BHXH.',
    en: 'This operator is not registered with BHXH for lookups (054). The facility must register their name and CCCD with BHXH.',
  },
  '055': {
    vi: 'Họ tên cán bộ không khớp với số CCCD đã đăng ký với BHXH (mã 055). Kiểm tra lại họ tên (đủ dấu) và số CCCD.',
    en: 'The operator’s name does not match the CCCD registered with BHXH (055). Check the name (with its diacritics) and the number.',
  },
};

/** A date nobody is born on: the check is about the account and the operator, not the card. */
const PROBE_BIRTH_DATE = '01/01/1900';

export async function testConnection(gateway: { baseUrl: string; account: GatewayAccount }, operator: Staff, clock: Clock): Promise<ConnectionResult> {
  const client = new GatewayClient({ baseUrl: gateway.baseUrl, account: gateway.account, clock, lookupLimits: false, timeouts: { connectMs: 10_000, totalMs: 20_000 } });
  try {
    const result = await client.lookupCard({ maThe: operator.idNumber, hoTen: operator.fullName, ngaySinh: PROBE_BIRTH_DATE }, operator);
    const refusal = REFUSALS[result.code];
    if (refusal) return { ok: false, code: result.code, ...refusal };
    return {
      ok: true,
      code: result.code,
      vi: `Kết nối tốt: cổng BHXH nhận tài khoản của cơ sở và cán bộ ${operator.fullName} (mã trả lời ${result.code}).`,
      en: `Connection works: the BHXH gateway accepts the facility's account and operator ${operator.fullName} (answer ${result.code}).`,
    };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { ok: false, code: error.code, ...gatewayErrorWords[error.code] };
  } finally {
    client.close();
  }
}
