// The facility's gateway account (docs/bhxh-gateway.md "Login"): username `<5-digit facility code>_BV`, password sent as
// its MD5 in upper-case hex, both at login and with every call.
import { createHash } from 'node:crypto';

export type GatewayAccount = { username: string; password: string } | { username: string; passwordHash: string };

export function md5Upper(password: string): string {
  return createHash('md5').update(password, 'utf8').digest('hex').toUpperCase();
}

export function passwordHashOf(account: GatewayAccount): string {
  return 'passwordHash' in account ? account.passwordHash.toUpperCase() : md5Upper(account.password);
}

export interface FacilityIds {
  /** MA_CSKCB: the 5-digit facility code. */
  maCSKCB: string;
  /** maTinh: the province, the first two digits of the facility code. */
  maTinh: string;
}

/** `01001_BV` → facility 01001 in province 01; null for a username of another shape. */
export function facilityOfUsername(username: string): FacilityIds | null {
  const match = /^(\d{5})_BV$/i.exec(username.trim());
  return match ? { maCSKCB: match[1]!, maTinh: match[1]!.slice(0, 2) } : null;
}
