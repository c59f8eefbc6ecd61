// Reads trust anchors and CRLs from what administrators are given: PEM or DER certificates, DER CRLs, a
// bare CscaMasterList (SEQUENCE { version, SET OF Certificate }) and a CMS-signed master list as BSI and
// the ICAO PKD publish it (eContentType id-icao-cscaMasterList). Reading a file checks no signature: a
// signed list comes back with its SignedData, which trust-import.ts verifies before anything is stored.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseDer } from '../card/asn1';
import { parseTlvs, readTlv } from '../card/tlv/tlv';
import { parseCertificate, parseCrl, TrustError, type Certificate, type Crl } from './certificates';

export interface TrustMaterial {
  anchors: Certificate[];
  crls: Crl[];
}

/** A CMS-signed master list: its SignedData and the exact eContent bytes its signature covers. */
export interface SignedMasterList {
  signedData: pkijs.SignedData;
  content: Uint8Array;
}

export interface TrustFile {
  material: TrustMaterial;
  /** Null for a bare certificate, CRL, PEM file or unsigned CscaMasterList. */
  signed: SignedMasterList | null;
}

export const ID_ICAO_CSCA_MASTER_LIST = '2.23.136.1.1.2';
/** A master list of ~600 certificates has ~100,000 ASN.1 nodes; leave room for growth. */
const MAX_TRUST_FILE_NODES = 2_000_000;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

function fromPem(text: string): TrustMaterial {
  const material: TrustMaterial = { anchors: [], crls: [] };
  for (const [, label, body] of text.matchAll(PEM_BLOCK)) {
    const der = new Uint8Array(Buffer.from(body!.replace(/\s+/g, ''), 'base64'));
    if (label === 'CERTIFICATE') material.anchors.push(parseCertificate(der));
    else if (label === 'X509 CRL') material.crls.push(parseCrl(der));
  }
  return material;
}

/** The CscaMasterList's shallow shape, read with the TLV reader: a full ASN.1 tree of ~600 certificates takes seconds. */
function masterListShape(der: Uint8Array): Uint8Array | null {
  const list = readTlv(der);
  if (list.tag !== 0x30 || list.end !== der.length) return null;
  const [version, certificates, ...rest] = parseTlvs(list.value);
  return version?.tag === 0x02 && certificates?.tag === 0x31 && rest.length === 0 ? certificates.value : null;
}

function masterListCertificates(der: Uint8Array): Certificate[] {
  const set = masterListShape(der);
  if (!set) throw new TrustError('not-a-master-list', 'not a CscaMasterList');
  const certificates: Certificate[] = [];
  for (let offset = 0; offset < set.length; ) {
    const { end } = readTlv(set, offset);
    certificates.push(parseCertificate(set.slice(offset, end)));
    offset = end;
  }
  return certificates;
}

function fromDer(der: Uint8Array): TrustFile {
  if (masterListShape(der)) return { material: { anchors: masterListCertificates(der), crls: [] }, signed: null };
  const root = parseDer(der, 'trust file', MAX_TRUST_FILE_NODES);
  const top = root instanceof asn1js.Sequence ? root.valueBlock.value : [];
  // Certificate and CRL: SEQUENCE { TBS SEQUENCE, AlgorithmIdentifier, BIT STRING }.
  if (top.length === 3 && top[2] instanceof asn1js.BitString) {
    const tbs = top[0] instanceof asn1js.Sequence ? top[0].valueBlock.value : [];
    // A CRL's TBS holds thisUpdate as a bare Time (RFC 5280 §5.1); a certificate's times sit inside Validity.
    const isCertificate = !tbs.some((item) => item instanceof asn1js.UTCTime || item instanceof asn1js.GeneralizedTime);
    return { material: isCertificate ? { anchors: [parseCertificate(der)], crls: [] } : { anchors: [], crls: [parseCrl(der)] }, signed: null };
  }
  if (top[0] instanceof asn1js.ObjectIdentifier) {
    const contentInfo = new pkijs.ContentInfo({ schema: root });
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const content = signedData.encapContentInfo;
    if (content.eContentType !== ID_ICAO_CSCA_MASTER_LIST || !content.eContent) throw new TrustError('not-a-master-list', 'CMS content is not a CSCA master list');
    const octets = content.eContent.idBlock.isConstructed
      ? Uint8Array.from(content.eContent.valueBlock.value.flatMap((part) => [...new Uint8Array((part as asn1js.OctetString).valueBlock.valueHexView)]))
      : new Uint8Array(content.eContent.valueBlock.valueHexView);
    return {
      material: { anchors: masterListCertificates(octets), crls: [] },
      signed: { signedData, content: octets },
    };
  }
  throw new TrustError('unreadable', 'neither a certificate, a CRL nor a master list');
}

/** Parses a trust file, keeping a signed master list's signature for verification. */
export function readTrustFile(bytes: Uint8Array): TrustFile {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (head.includes('-----BEGIN')) return { material: fromPem(Buffer.from(bytes).toString('latin1')), signed: null };
  try {
    return fromDer(bytes);
  } catch (error) {
    if (error instanceof TrustError) throw error;
    throw new TrustError('unreadable', `unreadable trust file: ${(error as Error).message}`);
  }
}

export function readTrustMaterial(bytes: Uint8Array): TrustMaterial {
  return readTrustFile(bytes).material;
}

/** A file, or every file in a folder (not recursive). */
export function readTrustPath(path: string): TrustMaterial {
  const files = statSync(path).isDirectory() ? readdirSync(path).map((name) => join(path, name)).filter((file) => statSync(file).isFile()) : [path];
  const material: TrustMaterial = { anchors: [], crls: [] };
  for (const file of files.sort()) {
    const part = readTrustMaterial(new Uint8Array(readFileSync(file)));
    material.anchors.push(...part.anchors);
    material.crls.push(...part.crls);
  }
  return material;
}
