// EF.SOD read back with pkijs (an implementation independent of the builder's @peculiar classes) and
// verified with node:crypto (OpenSSL), as passive authentication will (ICAO 9303-11 §5.1).
import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { encodeTlv, parseTlvs, readTlv } from '../../../card/tlv/tlv';
import { toHex, utf8 } from '../../../util/bytes';
import { loadTestPki, type DocumentSigner } from '../pki/test-pki';
import { buildSod, OID_LDS_SECURITY_OBJECT, tamperSodSignature } from './sod-builder';

const pki = loadTestPki();
const dataGroups = new Map<number, Uint8Array>([
  [13, encodeTlv(0x6d, utf8('DG13 of a synthetic persona'))],
  [1, encodeTlv(0x61, encodeTlv(0x5f1f, utf8('IDVNM0900123456001090012345<<2')))],
  [2, encodeTlv(0x75, new Uint8Array(300).fill(0xab))],
]);

interface ParsedSod {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  eContent: Uint8Array;
  /** DER of the signed attributes as SET OF (tag 0x31), what the signature covers (RFC 5652 §5.4). */
  signedAttributes: Uint8Array;
  signature: Uint8Array;
}

function parseSod(sod: Uint8Array): ParsedSod {
  const outer = readTlv(sod);
  expect(outer.tag).toBe(0x77);
  expect(outer.end).toBe(sod.length);
  const contentInfo = new pkijs.ContentInfo({ schema: asn1js.fromBER(outer.value.slice().buffer).result });
  expect(contentInfo.contentType).toBe('1.2.840.113549.1.7.2');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const signerInfo = signedData.signerInfos[0]!;
  // The [0] IMPLICIT signed attributes straight from the bytes, re-tagged as SET OF.
  const [, explicit] = parseTlvs(readTlv(outer.value).value);
  const signedDataFields = parseTlvs(readTlv(explicit!.value).value);
  const signerInfoFields = parseTlvs(readTlv(signedDataFields[signedDataFields.length - 1]!.value).value);
  const implicitAttributes = signerInfoFields.find((field) => field.tag === 0xa0)!;
  return {
    signedData,
    signerInfo,
    eContent: new Uint8Array(signedData.encapContentInfo.eContent!.valueBlock.valueHexView),
    signedAttributes: encodeTlv(0x31, implicitAttributes.value),
    signature: new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
  };
}

function attribute(parsed: ParsedSod, oid: string): asn1js.AsnType {
  const found = parsed.signerInfo.signedAttrs!.attributes.filter((attr) => attr.type === oid);
  expect(found).toHaveLength(1);
  expect(found[0]!.values).toHaveLength(1);
  return found[0]!.values[0] as asn1js.AsnType;
}

function signatureVerifies(signer: DocumentSigner, parsed: ParsedSod): boolean {
  const key = new X509Certificate(Buffer.from(signer.certificate.der)).publicKey;
  const options =
    signer.signatureAlgorithm === '1.2.840.113549.1.1.10'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { key, dsaEncoding: 'der' as const };
  return verify(signer.digestAlgorithm, parsed.signedAttributes, options, parsed.signature);
}

function securityObject(eContent: Uint8Array): { version: number; hashOid: string; hashParams: number; hashes: [number, string][] } {
  const [version, algorithm, list] = (asn1js.fromBER(eContent.slice().buffer).result as asn1js.Sequence).valueBlock.value as [
    asn1js.Integer,
    asn1js.Sequence,
    asn1js.Sequence,
  ];
  return {
    version: version.valueBlock.valueDec,
    hashOid: (algorithm.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
    hashParams: algorithm.valueBlock.value.length - 1,
    hashes: list.valueBlock.value.map((entry) => {
      const [number, hash] = (entry as asn1js.Sequence).valueBlock.value as [asn1js.Integer, asn1js.OctetString];
      return [number.valueBlock.valueDec, toHex(hash.valueBlock.valueHexView)];
    }),
  };
}

const sha = (name: string, bytes: Uint8Array) => createHash(name).update(bytes).digest('hex').toUpperCase();

describe('buildSod', () => {
  const sod = buildSod({ dataGroups, signer: pki.signers.ecdsa });
  const parsed = parseSod(sod);

  it('wraps a SignedData v3 over an LDSSecurityObject (ICAO 9303-10 §4.6.2)', () => {
    expect(parsed.signedData.version).toBe(3);
    expect(parsed.signedData.encapContentInfo.eContentType).toBe(OID_LDS_SECURITY_OBJECT);
    expect(parsed.signedData.digestAlgorithms.map((alg) => alg.algorithmId)).toEqual(['2.16.840.1.101.3.4.2.1']);
  });

  it('hashes each whole data-group file with SHA-256, in ascending DG order, LDSSecurityObject v0', () => {
    expect(securityObject(parsed.eContent)).toEqual({
      version: 0,
      hashOid: '2.16.840.1.101.3.4.2.1',
      hashParams: 0,
      hashes: [1, 2, 13].map((number) => [number, sha('sha256', dataGroups.get(number)!)]),
    });
  });

  it('hashes with SHA-512 when asked, while the signer keeps its own digest for the signature', () => {
    const parsed512 = parseSod(buildSod({ dataGroups, signer: pki.signers.ecdsa, hashAlgorithm: 'sha512' }));
    const lds = securityObject(parsed512.eContent);
    expect(lds.hashOid).toBe('2.16.840.1.101.3.4.2.3');
    expect(lds.hashes[0]).toEqual([1, sha('sha512', dataGroups.get(1)!)]);
    expect(parsed512.signerInfo.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    expect(signatureVerifies(pki.signers.ecdsa, parsed512)).toBe(true);
  });

  it('carries the Document Signer certificate and names it by issuer and serial number', () => {
    const certificates = parsed.signedData.certificates!.map((cert) => new Uint8Array((cert as pkijs.Certificate).toSchema().toBER()));
    expect(certificates.map(toHex)).toEqual([toHex(pki.signers.ecdsa.certificate.der)]);
    expect(parsed.signerInfo.version).toBe(1);
    const sid = parsed.signerInfo.sid as pkijs.IssuerAndSerialNumber;
    const ds = new X509Certificate(Buffer.from(pki.signers.ecdsa.certificate.der));
    expect(toHex(sid.serialNumber.valueBlock.valueHexView)).toBe(ds.serialNumber);
    expect(sid.issuer.typesAndValues.map((entry) => entry.value.valueBlock.value)).toEqual(['VN', 'Tiep Don TEST PKI', 'CSCA TEST Tiep Don']);
  });

  it('signs contentType, messageDigest of the eContent and signingTime 2024-06-01, in DER order', () => {
    expect((attribute(parsed, '1.2.840.113549.1.9.3') as asn1js.ObjectIdentifier).valueBlock.toString()).toBe(OID_LDS_SECURITY_OBJECT);
    expect(toHex((attribute(parsed, '1.2.840.113549.1.9.4') as asn1js.OctetString).valueBlock.valueHexView)).toBe(sha('sha256', parsed.eContent));
    expect((attribute(parsed, '1.2.840.113549.1.9.5') as asn1js.UTCTime).toDate().toISOString()).toBe('2024-06-01T00:00:00.000Z');
    const encodings = parsed.signerInfo.signedAttrs!.attributes.map((attr) => toHex(new Uint8Array(attr.toSchema().toBER())));
    expect(encodings).toEqual([...encodings].sort());
  });

  it('takes the signing time it is given', () => {
    const at = new Date('2025-02-03T04:05:06Z');
    const other = parseSod(buildSod({ dataGroups, signer: pki.signers.ecdsa, signingTime: at }));
    expect((attribute(other, '1.2.840.113549.1.9.5') as asn1js.UTCTime).toDate().toISOString()).toBe(at.toISOString());
  });

  it.each(Object.entries(pki.signers))('is signed by %s so that node:crypto verifies the SET OF signed attributes', (_id, signer) => {
    const result = parseSod(buildSod({ dataGroups, signer }));
    expect(result.signerInfo.signatureAlgorithm.algorithmId).toBe(signer.signatureAlgorithm);
    expect(signatureVerifies(signer, result)).toBe(true);
  });

  it('passes pkijs SignedData.verify for the RSA signers (WebCrypto has no brainpool, so not for ECDSA)', async () => {
    for (const signer of [pki.signers.rsa, pki.signers.rsaPss]) {
      const result = parseSod(buildSod({ dataGroups, signer }));
      await expect(result.signedData.verify({ signer: 0, checkChain: false })).resolves.toBe(true);
    }
  });

  it('gives the same bytes for the same inputs', () => {
    expect(toHex(buildSod({ dataGroups, signer: pki.signers.ecdsa }))).toBe(toHex(sod));
    expect(toHex(buildSod({ dataGroups, signer: pki.signers.rsaPss }))).toBe(toHex(buildSod({ dataGroups, signer: pki.signers.rsaPss })));
  });

  it.each(Object.entries(pki.signers))('derives the same algorithm identifier from the OID when %s gives none', (_id, signer) => {
    const bare: DocumentSigner = { ...signer, signatureAlgorithmIdentifier: undefined };
    expect(toHex(buildSod({ dataGroups, signer: bare }))).toBe(toHex(buildSod({ dataGroups, signer })));
  });

  it('refuses an empty set of data groups or a signature algorithm it does not know', () => {
    expect(() => buildSod({ dataGroups, signer: { ...pki.signers.ecdsa, signatureAlgorithmIdentifier: undefined, signatureAlgorithm: '1.2.3' } })).toThrow(
      expect.objectContaining({ code: 'unknown-signature-algorithm' }),
    );
    expect(() => buildSod({ dataGroups: new Map(), signer: pki.signers.ecdsa })).toThrow(expect.objectContaining({ code: 'no-data-groups' }));
  });
});

describe('tamperSodSignature', () => {
  it.each(Object.entries(pki.signers))('flips one signature bit of a %s SOD: still parses, no longer verifies', (_id, signer) => {
    const sod = buildSod({ dataGroups, signer });
    const forged = tamperSodSignature(sod);
    expect(forged).toHaveLength(sod.length);
    const differing = [...sod].flatMap((byte, i) => (byte !== forged[i] ? [i] : []));
    expect(differing).toHaveLength(1);
    expect(sod[differing[0]!]! ^ forged[differing[0]!]!).toBe(0x01);
    const original = parseSod(sod);
    const tampered = parseSod(forged);
    expect(toHex(tampered.eContent)).toBe(toHex(original.eContent));
    expect(signatureVerifies(signer, original)).toBe(true);
    expect(signatureVerifies(signer, tampered)).toBe(false);
  });

  it('leaves its input untouched and rejects what is not an EF.SOD', () => {
    const sod = buildSod({ dataGroups, signer: pki.signers.ecdsa });
    const before = toHex(sod);
    tamperSodSignature(sod);
    expect(toHex(sod)).toBe(before);
    expect(() => tamperSodSignature(encodeTlv(0x75, Uint8Array.of(1)))).toThrow(expect.objectContaining({ code: 'not-a-sod' }));
  });
});
