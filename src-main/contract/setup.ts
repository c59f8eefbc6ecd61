// Setting an installation up: the facility, its gateway account and signing certificate, the operators
// who look patients up, and the administrator's PIN that guards later changes.
import { z } from 'zod';

/** The production BHXH e-gateway; the training gateway is https://daotaoegw.baohiemxahoi.gov.vn. */
export const DEFAULT_GATEWAY_URL = 'https://egw.baohiemxahoi.gov.vn';

export const CccdNumber = z.string().regex(/^\d{12}$/, 'a 12-digit CCCD number');

/** A staff member registered with BHXH for lookups (hoTenCb / cccdCb of every card check). */
export const Operator = z.object({ fullName: z.string().trim().min(1).max(100), idNumber: CccdNumber });
export type Operator = z.infer<typeof Operator>;

export const Facility = z.object({
  /** The facility's BHXH code (mã CSKCB), the NNNNN of its gateway username NNNNN_BV. */
  code: z.string().regex(/^\d{5}$/, 'a 5-digit facility code'),
  name: z.string().trim().min(1).max(200),
});
export type Facility = z.infer<typeof Facility>;

/** What staff see of the signing certificate; the PKCS#12 itself is kept sealed by the core. */
export const CertificateInfo = z.object({
  subject: z.string().max(1000),
  issuer: z.string().max(1000),
  notBefore: z.string().datetime(),
  notAfter: z.string().datetime(),
  /** Days until it expires (negative: expired); the UI warns from 30. */
  daysLeft: z.number().int(),
  fingerprint: z.string().regex(/^[0-9A-F]{64}$/),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

export const AdminPin = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');

/** The outcome of the connection test, in words for the person setting up. */
export const ConnectionResult = z.object({
  ok: z.boolean(),
  /** The gateway's maKetQua, or what failed before an answer: network, timeout, auth. */
  code: z.string().max(40),
  vi: z.string().max(500),
  en: z.string().max(500),
});
export type ConnectionResult = z.infer<typeof ConnectionResult>;

/** A file the host received outside the contract (web host: an authenticated POST; Electron: a dialog). */
export const UploadId = z.string().regex(/^[0-9a-f]{32}$/);
export const UploadPurpose = z.enum(['certificate', 'trust', 'backup', 'enrolment']);
export type UploadPurpose = z.infer<typeof UploadPurpose>;

/** Who looked up whom and when — never the data itself. */
export const AuditRow = z.object({
  at: z.string(),
  operator: z.string().max(100).nullable(),
  action: z.string().max(40),
  patientRef: z.string().max(64).nullable(),
  visitId: z.string().max(64).nullable(),
  outcome: z.string().max(200).nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;
