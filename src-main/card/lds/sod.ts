// EF.SOD (ICAO 9303-10 §4.6.2): CMS SignedData over the LDSSecurityObject, which lists a hash per data
// group. Parsed with pkijs; verification of the signature and chain is the trust layer's job.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { children, intOf, oidOf, parseDer, toDer } from '../asn1';
import { malformed } from '../errors';
import { SHA_OIDS } from '../oids';
import { EF, unwrapFile } from './lds-file';

export const ID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';

export interface Sod {
  hashAlgorithm: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  dataGroupHashes: Map<number, Uint8Array>;
  /** DER of the eContent (the LDSSecurityObject), whose digest the signed attributes carry. */
  securityObject: Uint8Array;
  signedData: pkijs.SignedData;
  /** DER certificates carried in the SignedData (the Document Signer). */
  certificates: Uint8Array[];
}

function octets(block: asn1js.OctetString): Uint8Array {
  // A BER constructed OCTET STRING is the concatenation of its parts.
  if (block.idBlock.isConstructed) {
    const parts: unknown = block.valueBlock.value;
    // Found by fuzzing: a constructed form whose parts asn1js could not read leaves no array here.
    if (!Array.isArray(parts) || !parts.every((part) => part instanceof asn1js.OctetString)) throw malformed('constructed OCTET STRING');
    return new Uint8Array(parts.flatMap((part: asn1js.OctetString) => [...octets(part)]));
  }
  return new Uint8Array(block.valueBlock.valueHexView);
}

export function parseSod(bytes: Uint8Array): Sod {
  const cms = parseDer(unwrapFile(bytes, EF.SOD).value, 'EF.SOD');
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: cms });
    if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    throw malformed(`EF.SOD: ${error instanceof Error ? error.message : 'not CMS'}`);
  }
  const encapsulated = signedData.encapContentInfo;
  if (encapsulated.eContentType !== ID_LDS_SECURITY_OBJECT || !encapsulated.eContent) throw malformed('EF.SOD: no LDSSecurityObject');
  const securityObject = octets(encapsulated.eContent);
  const [version, algorithm, hashList] = children(parseDer(securityObject, 'LDSSecurityObject'), 'LDSSecurityObject');
  intOf(version, 'LDSSecurityObject.version');
  const hashOid = oidOf(children(algorithm!, 'hashAlgorithm')[0], 'hashAlgorithm');
  const hashAlgorithm = SHA_OIDS[hashOid];
  if (!hashAlgorithm) throw malformed(`EF.SOD: hash algorithm ${hashOid}`);
  const dataGroupHashes = new Map<number, Uint8Array>();
  for (const entry of children(hashList!, 'dataGroupHashValues')) {
    const [number, hash] = children(entry, 'DataGroupHash');
    if (!(hash instanceof asn1js.OctetString)) throw malformed('DataGroupHash value');
    dataGroupHashes.set(intOf(number, 'dataGroupNumber'), octets(hash));
  }
  const certificates = (signedData.certificates ?? [])
    .filter((certificate): certificate is pkijs.Certificate => certificate instanceof pkijs.Certificate)
    .map((certificate) => toDer(certificate.toSchema()));
  return { hashAlgorithm, dataGroupHashes, securityObject, signedData, certificates };
}
