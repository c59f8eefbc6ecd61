// The test PKI as the reader's verifier will meet it, checked with implementations independent of the
// generator: OpenSSL through node:crypto for signatures, pkijs for the ASN.1 structure.
import { constants, createPrivateKey, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../util/bytes';
import { defaultPkiDir } from './fixtures-dir';
import { loadTestPki, type Cert } from './test-pki';
import { privateKeyFile, SIGNERS, type SignerId } from './test-pki-profile';

const pki = loadTestPki();
const x509 = (cert: Cert) => new X509Certificate(Buffer.from(cert.der));
const parse = (der: Uint8Array) => new pkijs.Certificate({ schema: asn1js.fromBER(der.slice().buffer).result });
const extension = (cert: pkijs.Certificate, oid: string) => cert.extensions?.find((ext) => ext.extnID === oid);
const hex = (view: ArrayBuffer | Uint8Array) => toHex(new Uint8Array(view));
const subjectKeyId = (cert: Cert) => hex((extension(parse(cert.der), '2.5.29.14')!.parsedValue as asn1js.OctetString).valueBlock.valueHexView);
const authorityKeyId = (cert: Cert) => hex((extension(parse(cert.der), '2.5.29.35')!.parsedValue as pkijs.AuthorityKeyIdentifier).keyIdentifier!.valueBlock.valueHexView);
const signers = Object.entries(pki.signers);

describe('the test CSCA', () => {
  const csca = x509(pki.csca);

  it('is "CSCA TEST Tiep Don" (C=VN), self-signed, valid 2024-01-01 … 2039-12-31', () => {
    expect(csca.subject).toBe('C=VN\nO=Tiep Don TEST PKI\nCN=CSCA TEST Tiep Don');
    expect(csca.issuer).toBe(csca.subject);
    expect(csca.verify(csca.publicKey)).toBe(true);
    expect(new Date(csca.validFrom).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(new Date(csca.validTo).toISOString()).toBe('2039-12-31T23:59:59.000Z');
  });

  it('signs with ecdsa-with-SHA512 on brainpoolP512r1, given by its named-curve OID', () => {
    const cert = parse(pki.csca.der);
    expect(cert.signatureAlgorithm.algorithmId).toBe('1.2.840.10045.4.3.4');
    expect(cert.subjectPublicKeyInfo.algorithm.algorithmId).toBe('1.2.840.10045.2.1');
    expect((cert.subjectPublicKeyInfo.algorithm.algorithmParams as asn1js.ObjectIdentifier).valueBlock.toString()).toBe('1.3.36.3.3.2.8.1.1.13');
    expect(csca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('brainpoolP512r1');
  });

  it('is a CA with path length 0 that may sign certificates and CRLs (ICAO 9303-12 §7.1.1)', () => {
    const cert = parse(pki.csca.der);
    const basic = extension(cert, '2.5.29.19')!;
    expect(basic.critical).toBe(true);
    expect(basic.parsedValue).toMatchObject({ cA: true, pathLenConstraint: 0 });
    const keyUsage = extension(cert, '2.5.29.15')!;
    expect(keyUsage.critical).toBe(true);
    // BIT STRING 03 02 01 06: keyCertSign (bit 5) and cRLSign (bit 6), nothing else.
    expect(hex((keyUsage.parsedValue as asn1js.BitString).valueBeforeDecodeView)).toBe('03020106');
    expect(subjectKeyId(pki.csca)).toHaveLength(40);
    expect(authorityKeyId(pki.csca)).toBe(subjectKeyId(pki.csca));
  });
});

describe('the other CSCAs', () => {
  it('the RSA CSCA is RSA 3072 with sha256WithRSAEncryption, self-signed', () => {
    const csca = x509(pki.cscaRsa);
    expect(csca.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(parse(pki.cscaRsa.der).signatureAlgorithm.algorithmId).toBe('1.2.840.113549.1.1.11');
    expect(csca.verify(csca.publicKey)).toBe(true);
  });

  it('the untrusted CSCA is brainpoolP256r1 under a different name, and signs nothing the test CSCA trusts', () => {
    const untrusted = x509(pki.untrustedCsca);
    expect(untrusted.subject).toBe('C=VN\nO=Untrusted TEST PKI\nCN=CSCA UNTRUSTED TEST');
    expect(untrusted.publicKey.asymmetricKeyDetails?.namedCurve).toBe('brainpoolP256r1');
    expect(untrusted.verify(untrusted.publicKey)).toBe(true);
    expect(x509(pki.signers.untrusted.certificate).verify(x509(pki.csca).publicKey)).toBe(false);
  });
});

describe('the Document Signers', () => {
  const issuers = { ecdsa: pki.csca, revoked: pki.csca, rsa: pki.cscaRsa, rsaPss: pki.cscaRsa, untrusted: pki.untrustedCsca };

  it.each(signers)('%s chains to its CSCA: signature, issuer name and AKI = the CSCA SKI', (id, signer) => {
    const issuer = issuers[id as keyof typeof issuers];
    const cert = x509(signer.certificate);
    expect(cert.verify(x509(issuer).publicKey)).toBe(true);
    expect(cert.checkIssued(x509(issuer))).toBe(true);
    expect(authorityKeyId(signer.certificate)).toBe(subjectKeyId(issuer));
  });

  it.each(signers)('%s is an end entity with keyUsage digitalSignature only, valid 2024-01-01 … 2034-12-31', (_id, signer) => {
    const cert = parse(signer.certificate.der);
    expect(extension(cert, '2.5.29.19')).toBeUndefined();
    const keyUsage = extension(cert, '2.5.29.15')!;
    expect(keyUsage.critical).toBe(true);
    expect(hex((keyUsage.parsedValue as asn1js.BitString).valueBeforeDecodeView)).toBe('03020780');
    expect(cert.notBefore.value.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(cert.notAfter.value.toISOString()).toBe('2034-12-31T23:59:59.000Z');
  });

  it('use brainpoolP256r1 (ECDSA signers) and RSA 2048 (RSA signers)', () => {
    expect(x509(pki.signers.ecdsa.certificate).publicKey.asymmetricKeyDetails?.namedCurve).toBe('brainpoolP256r1');
    expect(x509(pki.signers.rsa.certificate).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(x509(pki.signers.rsaPss.certificate).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('announce their signature algorithms by OID', () => {
    expect(pki.signers.ecdsa.signatureAlgorithm).toBe('1.2.840.10045.4.3.2');
    expect(pki.signers.rsa.signatureAlgorithm).toBe('1.2.840.113549.1.1.11');
    expect(pki.signers.rsaPss.signatureAlgorithm).toBe('1.2.840.113549.1.1.10');
    expect(Object.values(pki.signers).map((signer) => signer.digestAlgorithm)).toEqual(['sha256', 'sha256', 'sha256', 'sha256', 'sha256']);
  });

  it('carry RSASSA-PSS-params (SHA-256, MGF1-SHA-256, salt 32) in the PSS algorithm identifier', () => {
    const identifier = new pkijs.AlgorithmIdentifier({ schema: asn1js.fromBER(pki.signers.rsaPss.signatureAlgorithmIdentifier!.slice().buffer).result });
    const params = new pkijs.RSASSAPSSParams({ schema: identifier.algorithmParams });
    expect(params.hashAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    expect(params.maskGenAlgorithm.algorithmId).toBe('1.2.840.113549.1.1.8');
    expect(params.saltLength).toBe(32);
  });

  it.each(signers)('%s signs data so that node:crypto verifies it with the certificate key', (id, signer) => {
    const data = new TextEncoder().encode(`signed attributes for ${id}`);
    const signature = signer.sign(data);
    const publicKey = x509(signer.certificate).publicKey;
    const key =
      id === 'rsaPss'
        ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
        : { key: publicKey, dsaEncoding: 'der' as const };
    expect(verify('sha256', data, key, signature)).toBe(true);
    expect(toHex(signer.sign(data))).toBe(toHex(signature));
  });

  it.each(signers)('%s private key file (PKCS#8 PEM) matches its certificate', (id, signer) => {
    const pem = readFileSync(join(defaultPkiDir(), privateKeyFile(SIGNERS[id as SignerId].file)), 'utf8');
    const fromKey = createPublicKey(createPrivateKey(pem)).export({ format: 'der', type: 'spki' });
    expect(toHex(fromKey)).toBe(toHex(x509(signer.certificate).publicKey.export({ format: 'der', type: 'spki' })));
  });
});

describe('the CRL of the test CSCA', () => {
  const crl = new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(pki.crl.slice().buffer).result });

  it('is signed by the test CSCA (ecdsa-with-SHA512)', () => {
    expect(crl.signature.algorithmId).toBe('1.2.840.10045.4.3.4');
    const signature = Buffer.from(crl.signatureValue.valueBlock.valueHexView);
    expect(verify('sha512', Buffer.from(crl.tbsView), { key: x509(pki.csca).publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
  });

  it('is issued 2026-01-01 with the next one due 2036-01-01, CRL number 1, AKI = the CSCA SKI', () => {
    expect(crl.version).toBe(1);
    expect(crl.thisUpdate.value.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(crl.nextUpdate!.value.toISOString()).toBe('2036-01-01T00:00:00.000Z');
    const aki = crl.crlExtensions!.extensions.find((ext) => ext.extnID === '2.5.29.35')!.parsedValue as pkijs.AuthorityKeyIdentifier;
    expect(hex(aki.keyIdentifier!.valueBlock.valueHexView)).toBe(subjectKeyId(pki.csca));
    const number = crl.crlExtensions!.extensions.find((ext) => ext.extnID === '2.5.29.20')!.parsedValue as asn1js.Integer;
    expect(number.valueBlock.valueDec).toBe(1);
  });

  it("lists exactly DS-REVOKED's serial number, revoked 2024-03-01 for key compromise", () => {
    const serials = (crl.revokedCertificates ?? []).map((entry) => hex(entry.userCertificate.valueBlock.valueHexView));
    expect(serials).toEqual([x509(pki.signers.revoked.certificate).serialNumber]);
    expect(serials).not.toContain(x509(pki.signers.ecdsa.certificate).serialNumber);
    const entry = crl.revokedCertificates![0]!;
    expect(entry.revocationDate.value.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    const reason = entry.crlEntryExtensions!.extensions[0]!;
    expect(reason.extnID).toBe('2.5.29.21');
    expect((reason.parsedValue as asn1js.Enumerated).valueBlock.valueDec).toBe(1);
  });
});

describe('loadTestPki', () => {
  it('reads fixtures/pki by default and a given directory otherwise', () => {
    expect(pki.csca.pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(loadTestPki(defaultPkiDir()).csca.der).toEqual(pki.csca.der);
  });

  it('fails with missing-fixture when the files are not there', () => {
    const empty = mkdtempSync(join(tmpdir(), 'tiepdon-pki-'));
    expect(() => loadTestPki(empty)).toThrow(expect.objectContaining({ code: 'missing-fixture' }));
  });
});
