// Builds every file of the test PKI in memory from test-pki-profile.ts. Pure and deterministic: the same
// bytes on every run and every machine, so the committed fixtures can be checked against a rebuild.
// CSCA private keys are never written: they are derived again whenever the PKI is rebuilt.
import { CRLReasons, KeyUsageFlags } from '@peculiar/asn1-x509';
import { buildCertificate, buildCrl, extensions, keyIdentifierOf, serialNumberFrom } from './certificate-builder';
import { encodeTlv } from '../../../card/tlv/tlv';
import { buildSignedContent, compareDer } from '../lds/sod-builder';
import { serialize, toPem } from './der';
import { signatureAlgorithmIdentifier, signatureAlgorithmOid } from './algorithms';
import { ecKeyFromSeed, rsaKeyFromSeed, type SigningKey } from './signing-key';
import {
  certificateFile,
  CRL_DATES,
  CRL_FILE,
  CSCA_PRIVATE_KEY_USAGE,
  CSCA_VALIDITY,
  CSCAS,
  DS_REVOKED_AT,
  DS_VALIDITY,
  MASTER_LIST_FILE,
  MASTER_LIST_SIGNER,
  privateKeyFile,
  SIGNERS,
  TEST_PKI_SEED,
  type CscaId,
  type KeySpec,
  type SignerId,
} from './test-pki-profile';
import type { SignatureScheme } from './algorithms';

export interface GeneratedTestPki {
  /** File name (inside fixtures/pki/) → contents: PEM text, or DER bytes for the CRL. */
  files: Map<string, string | Uint8Array>;
  certificates: Record<CscaId | SignerId, Uint8Array>;
  crl: Uint8Array;
}

function deriveKey(file: string, key: KeySpec, scheme: SignatureScheme): SigningKey {
  const label = `${TEST_PKI_SEED}/${file}`;
  return key.type === 'ec' ? ecKeyFromSeed(key.curve, label, scheme) : rsaKeyFromSeed(key.bits, label, scheme);
}

export function generateTestPki(): GeneratedTestPki {
  const files = new Map<string, string | Uint8Array>();
  const certificates = {} as Record<CscaId | SignerId, Uint8Array>;
  const cscaKeys = {} as Record<CscaId, SigningKey>;
  const cscaKeyIds = {} as Record<CscaId, Uint8Array>;

  for (const id of Object.keys(CSCAS) as CscaId[]) {
    const profile = CSCAS[id];
    const key = deriveKey(profile.file, profile.key, profile.scheme);
    const keyId = keyIdentifierOf(key.subjectPublicKeyInfo);
    // ICAO 9303-12 §7.1.1 CSCA profile: CA with path length 0, keyCertSign + cRLSign, key identifiers.
    const der = buildCertificate(
      {
        serialNumber: serialNumberFrom(`${TEST_PKI_SEED}/${profile.file}`),
        issuer: profile.name,
        subject: profile.name,
        ...CSCA_VALIDITY,
        subjectPublicKeyInfo: key.subjectPublicKeyInfo,
        extensions: [
          extensions.authorityKeyIdentifier(keyId),
          extensions.subjectKeyIdentifier(keyId),
          extensions.privateKeyUsagePeriod(CSCA_PRIVATE_KEY_USAGE.notBefore, CSCA_PRIVATE_KEY_USAGE.notAfter),
          extensions.keyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
          extensions.basicConstraints(true, 0),
        ],
      },
      key,
    );
    cscaKeys[id] = key;
    cscaKeyIds[id] = keyId;
    certificates[id] = der;
    files.set(certificateFile(profile.file), toPem('CERTIFICATE', der));
  }

  for (const id of Object.keys(SIGNERS) as SignerId[]) {
    const profile = SIGNERS[id];
    const key = deriveKey(profile.file, profile.key, profile.scheme);
    // ICAO 9303-12 §7.1.1 Document Signer profile: digitalSignature only, AKI = the CSCA's SKI.
    const der = buildCertificate(
      {
        serialNumber: serialNumberFrom(`${TEST_PKI_SEED}/${profile.file}`),
        issuer: CSCAS[profile.issuer].name,
        subject: profile.name,
        ...DS_VALIDITY,
        subjectPublicKeyInfo: key.subjectPublicKeyInfo,
        extensions: [
          extensions.authorityKeyIdentifier(cscaKeyIds[profile.issuer]),
          extensions.subjectKeyIdentifier(keyIdentifierOf(key.subjectPublicKeyInfo)),
          extensions.keyUsage(KeyUsageFlags.digitalSignature),
        ],
      },
      cscaKeys[profile.issuer],
    );
    certificates[id] = der;
    files.set(certificateFile(profile.file), toPem('CERTIFICATE', der));
    files.set(privateKeyFile(profile.file), toPem('PRIVATE KEY', key.pkcs8));
  }

  const crl = buildCrl(
    {
      issuer: CSCAS.csca.name,
      ...CRL_DATES,
      revoked: [
        {
          serialNumber: serialNumberFrom(`${TEST_PKI_SEED}/${SIGNERS.revoked.file}`),
          revocationDate: DS_REVOKED_AT,
          reason: CRLReasons.keyCompromise,
        },
      ],
      extensions: [extensions.authorityKeyIdentifier(cscaKeyIds.csca), extensions.crlNumber(1)],
    },
    cscaKeys.csca,
  );
  files.set(CRL_FILE, crl);
  files.set(MASTER_LIST_FILE, buildTestMasterList({ issuer: 'csca', certificates: [certificates.csca, certificates.cscaRsa] }));
  return { files, certificates, crl };
}

const ID_ICAO_CSCA_MASTER_LIST = '2.23.136.1.1.2';

export interface TestMasterListOptions {
  /** The CSCA that issues the Master List Signer's certificate (EC CSCAs derive their key in milliseconds). */
  issuer: CscaId;
  /** DER CSCA certificates the list carries. */
  certificates: Uint8Array[];
}

/**
 * A CMS-signed master list (ICAO 9303-12 §8): SignedData over CscaMasterList ::= SEQUENCE { version 0,
 * SET OF Certificate } (DER: the set sorted), with the signer's certificate inside. Deterministic.
 */
export function buildTestMasterList({ issuer, certificates }: TestMasterListOptions): Uint8Array {
  const issuerProfile = CSCAS[issuer];
  const issuerKey = deriveKey(issuerProfile.file, issuerProfile.key, issuerProfile.scheme);
  const profile = MASTER_LIST_SIGNER;
  const key = deriveKey(profile.file, profile.key, profile.scheme);
  const der = buildCertificate(
    {
      serialNumber: serialNumberFrom(`${TEST_PKI_SEED}/${profile.file}/${issuer}`),
      issuer: issuerProfile.name,
      subject: profile.name,
      ...profile.validity,
      subjectPublicKeyInfo: key.subjectPublicKeyInfo,
      extensions: [
        extensions.authorityKeyIdentifier(keyIdentifierOf(issuerKey.subjectPublicKeyInfo)),
        extensions.subjectKeyIdentifier(keyIdentifierOf(key.subjectPublicKeyInfo)),
        extensions.keyUsage(KeyUsageFlags.digitalSignature),
      ],
    },
    issuerKey,
  );
  const sorted = [...certificates].sort(compareDer);
  const list = encodeTlv(0x30, encodeTlv(0x02, new Uint8Array([0])), encodeTlv(0x31, ...sorted));
  return buildSignedContent({
    contentType: ID_ICAO_CSCA_MASTER_LIST,
    content: list,
    signer: {
      certificate: { der, pem: toPem('CERTIFICATE', der) },
      sign: (data) => key.sign(data),
      signatureAlgorithm: signatureAlgorithmOid(profile.scheme),
      signatureAlgorithmIdentifier: serialize(signatureAlgorithmIdentifier(profile.scheme)),
      digestAlgorithm: profile.scheme.digest,
    },
    signingTime: profile.signedAt,
  });
}
