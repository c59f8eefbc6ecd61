// X.509 certificates and CRLs of the eMRTD PKI (ICAO 9303-12). Signatures are checked by Node's OpenSSL,
// which handles brainpool curves, explicit curve parameters and RSA-PSS; extensions are read with pkijs.
import { CodedError, type Words } from '../contract/errors';
import { createHash, X509Certificate } from 'node:crypto';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseTlvs, readTlv } from '../card/tlv/tlv';
import { toHex } from '../util/bytes';

export type TrustErrorCode =
  | 'unreadable'
  | 'not-a-certificate'
  | 'not-a-master-list'
  /** A shipped default trust file is missing or differs from its pinned hash. */
  | 'tampered-resource'
  /** A signed master list whose CMS signature does not verify. */
  | 'bad-signature'
  /** A signed master list whose signer does not chain to a CSCA in the list or the trust store. */
  | 'signer-untrusted';

const trustWords: Record<TrustErrorCode, Words> = {
  unreadable: { vi: 'Không đọc được tệp chứng thư.', en: 'The certificate file cannot be read.' },
  'not-a-certificate': { vi: 'Tệp này không phải chứng thư CSCA.', en: 'This file is not a CSCA certificate.' },
  'not-a-master-list': { vi: 'Tệp này không phải danh sách CSCA (master list).', en: 'This file is not a CSCA master list.' },
  'tampered-resource': { vi: 'Danh sách tin cậy đi kèm phần mềm bị thiếu hoặc bị thay đổi. Vui lòng cài lại phần mềm.', en: 'The trust list shipped with the app is missing or altered. Reinstall the app.' },
  'bad-signature': { vi: 'Chữ ký của danh sách CSCA không hợp lệ.', en: "The master list's signature is not valid." },
  'signer-untrusted': { vi: 'Người ký danh sách CSCA không thuộc cơ quan tin cậy nào.', en: "The master list's signer does not chain to a trusted CSCA." },
};

export class TrustError extends CodedError {
  constructor(
    readonly code: TrustErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrustError';
  }

  get words(): Words {
    return trustWords[this.code];
  }

  get retryable(): boolean {
    return false;
  }
}

export interface Certificate {
  der: Uint8Array;
  x509: X509Certificate;
  readonly parsed: pkijs.Certificate;
  /** SHA-256 of the DER, upper-case hex: the certificate's identity in the store. */
  fingerprint: string;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
}

export interface Crl {
  der: Uint8Array;
  parsed: pkijs.CertificateRevocationList;
  fingerprint: string;
  revokedSerials: Set<string>;
}

function asBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function extension(parsed: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return parsed.extensions?.find((candidate) => candidate.extnID === oid);
}

const SUBJECT_KEY_ID = '551D0E';
const AUTHORITY_KEY_ID = '551D23';

/**
 * extnValue contents by OID (hex of the OID's encoding), read from the DER with the TLV reader: parsing
 * ~600 default certificates fully with pkijs at start-up costs about a second, and the key identifiers
 * are all the trust store needs up front.
 */
function extensionValues(der: Uint8Array): Map<string, Uint8Array> {
  const values = new Map<string, Uint8Array>();
  const [tbs] = parseTlvs(readTlv(der).value);
  const extensions = tbs ? parseTlvs(tbs.value).find((field) => field.tag === 0xa3) : undefined;
  if (!extensions) return values;
  for (const entry of parseTlvs(readTlv(extensions.value).value)) {
    const parts = parseTlvs(entry.value);
    const oid = parts[0];
    const value = parts[parts.length - 1];
    if (oid?.tag === 0x06 && value?.tag === 0x04) values.set(toHex(oid.value), value.value);
  }
  return values;
}

function keyIdentifiers(der: Uint8Array): { subjectKeyId: string | null; authorityKeyId: string | null } {
  const values = extensionValues(der);
  const ski = values.get(SUBJECT_KEY_ID);
  const aki = values.get(AUTHORITY_KEY_ID);
  // SubjectKeyIdentifier ::= OCTET STRING; AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier OPTIONAL, … } (RFC 5280 §4.2.1.1–2).
  const subjectKeyId = ski ? toHex(readTlv(ski).value) : null;
  const akiKeyId = aki ? parseTlvs(readTlv(aki).value).find((field) => field.tag === 0x80) : undefined;
  return { subjectKeyId, authorityKeyId: akiKeyId ? toHex(akiKeyId.value) : null };
}

/**
 * Checked by OpenSSL at once; the pkijs view (`parsed`: names, serial, extensions) is built on first use,
 * and a certificate it cannot read then fails with the same TrustError.
 */
export function parseCertificate(der: Uint8Array): Certificate {
  let x509: X509Certificate;
  let ids: { subjectKeyId: string | null; authorityKeyId: string | null };
  try {
    x509 = new X509Certificate(der);
    // Node decodes the key lazily; a certificate whose key it cannot read is refused here, not at first use.
    void x509.publicKey;
    ids = keyIdentifiers(der);
  } catch (error) {
    throw new TrustError('not-a-certificate', `not an X.509 certificate: ${(error as Error).message}`);
  }
  let parsed: pkijs.Certificate | null = null;
  return {
    der,
    x509,
    get parsed() {
      try {
        parsed ??= pkijs.Certificate.fromBER(asBuffer(der));
      } catch (error) {
        throw new TrustError('not-a-certificate', `not an X.509 certificate: ${(error as Error).message}`);
      }
      return parsed;
    },
    fingerprint: toHex(createHash('sha256').update(der).digest()),
    ...ids,
  };
}

/** keyUsage bits (RFC 5280 §4.2.1.3) as names; null when the extension is absent. */
export function keyUsage(certificate: Certificate): Set<string> | null {
  const value = extension(certificate.parsed, '2.5.29.15')?.parsedValue as asn1js.BitString | undefined;
  if (!value) return null;
  const names = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];
  const bits = new Uint8Array(value.valueBlock.valueHexView);
  return new Set(names.filter((_, i) => ((bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1));
}

export function serialHex(certificate: Certificate): string {
  return toHex(new Uint8Array(certificate.parsed.serialNumber.valueBlock.valueHexView)).replace(/^(00)+(?=.)/, '');
}

export function parseCrl(der: Uint8Array): Crl {
  let parsed: pkijs.CertificateRevocationList;
  try {
    parsed = pkijs.CertificateRevocationList.fromBER(asBuffer(der));
  } catch (error) {
    throw new TrustError('unreadable', `not a CRL: ${(error as Error).message}`);
  }
  const revokedSerials = new Set(
    (parsed.revokedCertificates ?? []).map((entry) => toHex(new Uint8Array(entry.userCertificate.valueBlock.valueHexView)).replace(/^(00)+(?=.)/, '')),
  );
  return { der, parsed, fingerprint: toHex(createHash('sha256').update(der).digest()), revokedSerials };
}

const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.6': 'C',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

/** A distinguished name as `C=VN, O=…, CN=…` (the form Node's X509Certificate subjects take here). */
export function nameOf(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((entry) => `${NAME_ATTRIBUTES[entry.type] ?? entry.type}=${(entry.value.valueBlock as { value?: unknown }).value ?? ''}`)
    .join(', ');
}

/** When the issuer promised the next CRL; past it the CRL is stale (RFC 5280 §5.1.2.5). */
export function crlNextUpdate(crl: Crl): Date | null {
  return crl.parsed.nextUpdate?.value ?? null;
}

/** True when `issuer` signed `crl` (checked by OpenSSL over the CRL's TBS bytes). */
export function crlIssuedBy(crl: Crl, issuer: Certificate): boolean {
  return crl.parsed.issuer.isEqual(issuer.parsed.subject);
}
