// One CMS SignerInfo checked against the content it signs (RFC 5652 §5.4, §11): EF.SOD's Document
// Signer (passive authentication) and a master list's signer (trust import) are checked the same way.
import { createHash, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { equalBytes } from '../util/bytes';
import { hashName, verifySignature } from './signature';

const CONTENT_TYPE = '1.2.840.113549.1.9.3';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNING_TIME = '1.2.840.113549.1.9.5';

function attribute(signer: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  return signer.signedAttrs?.attributes.find((candidate) => candidate.type === oid)?.values[0];
}

export function signingTimeOf(signer: pkijs.SignerInfo): Date | null {
  const value = attribute(signer, SIGNING_TIME);
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return null;
}

/** The signed contentType attribute, when there is one. */
export function signedContentType(signer: pkijs.SignerInfo): string | null {
  const value = attribute(signer, CONTENT_TYPE);
  return value instanceof asn1js.ObjectIdentifier ? value.valueBlock.toString() : null;
}

/** Null when `signer`'s signature over `content` verifies with `key`; otherwise what is wrong. */
export function signerInfoProblem(signer: pkijs.SignerInfo, content: Uint8Array, key: KeyObject, contentName: string): string | null {
  const digestOid = signer.digestAlgorithm.algorithmId;
  const hash = hashName(digestOid);
  if (!hash) return `digest algorithm ${digestOid}`;
  let signed: Uint8Array = content;
  if (signer.signedAttrs) {
    const digest = attribute(signer, MESSAGE_DIGEST);
    const expected = new Uint8Array(createHash(hash).update(content).digest());
    if (!(digest instanceof asn1js.OctetString) || !equalBytes(new Uint8Array(digest.valueBlock.valueHexView), expected)) {
      return `messageDigest does not match the ${contentName}`;
    }
    // Signed attributes are signed as a DER SET (tag 31), not with their [0] IMPLICIT tag (RFC 5652 §5.4).
    signed = new Uint8Array(signer.signedAttrs.encodedValue).slice();
    if (signed.length === 0) return 'signed attributes without their encoding';
    signed[0] = 0x31;
  }
  const signature = new Uint8Array(signer.signature.valueBlock.valueHexView);
  return verifySignature(signer.signatureAlgorithm, digestOid, signed, signature, key) ? null : `the signature over the ${contentName} does not verify`;
}
