// The simulator's test PKI at run time, read from the committed fixture files (never regenerated here:
// RSA key generation takes seconds). Document Signers come with their private keys so the simulator can
// sign EF.SOD files; these keys are synthetic and trusted only in demo mode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signatureAlgorithmIdentifier, signatureAlgorithmOid, type DigestName } from './algorithms';
import { fromPem, serialize } from './der';
import { TestPkiError } from './errors';
import { defaultPkiDir } from './fixtures-dir';
import { signingKeyFromPkcs8 } from './signing-key';
import { certificateFile, CRL_FILE, CSCAS, privateKeyFile, SIGNERS, type SignerId } from './test-pki-profile';

export interface Cert {
  der: Uint8Array;
  pem: string;
}

export interface DocumentSigner {
  certificate: Cert;
  /** Signature over `data` as the certificate's algorithm requires (ECDSA: DER Ecdsa-Sig-Value). */
  sign(data: Uint8Array): Uint8Array;
  /** OID of the signature algorithm (SignerInfo.signatureAlgorithm.algorithm). */
  signatureAlgorithm: string;
  /**
   * DER AlgorithmIdentifier for SignerInfo.signatureAlgorithm, parameters included (RSASSA-PSS-params,
   * RFC 4055 §3.1). Optional: without it the SOD builder derives the standard encoding from the OID.
   */
  signatureAlgorithmIdentifier?: Uint8Array;
  /** Digest the signature hashes with, used for SignerInfo.digestAlgorithm. */
  digestAlgorithm: DigestName;
}

export interface TestPki {
  csca: Cert;
  cscaRsa: Cert;
  untrustedCsca: Cert;
  /** DER CRL of the test CSCA; lists DS-REVOKED. */
  crl: Uint8Array;
  signers: Record<SignerId, DocumentSigner>;
}

function read(dir: string, name: string): Buffer {
  try {
    return readFileSync(join(dir, name));
  } catch {
    throw new TestPkiError('missing-fixture', `${join(dir, name)} (run npm run fixtures:pki)`);
  }
}

function readCert(dir: string, file: string): Cert {
  const pem = read(dir, certificateFile(file)).toString('utf8');
  return { pem, der: fromPem(pem, 'CERTIFICATE') };
}

function readSigner(dir: string, id: SignerId): DocumentSigner {
  const profile = SIGNERS[id];
  const key = signingKeyFromPkcs8(fromPem(read(dir, privateKeyFile(profile.file)).toString('utf8'), 'PRIVATE KEY'), profile.scheme);
  return {
    certificate: readCert(dir, profile.file),
    sign: (data) => key.sign(data),
    signatureAlgorithm: signatureAlgorithmOid(profile.scheme),
    signatureAlgorithmIdentifier: serialize(signatureAlgorithmIdentifier(profile.scheme)),
    digestAlgorithm: profile.scheme.digest,
  };
}

export function loadTestPki(dir: string = defaultPkiDir()): TestPki {
  return {
    csca: readCert(dir, CSCAS.csca.file),
    cscaRsa: readCert(dir, CSCAS.cscaRsa.file),
    untrustedCsca: readCert(dir, CSCAS.untrustedCsca.file),
    crl: new Uint8Array(read(dir, CRL_FILE)),
    signers: {
      ecdsa: readSigner(dir, 'ecdsa'),
      rsa: readSigner(dir, 'rsa'),
      rsaPss: readSigner(dir, 'rsaPss'),
      untrusted: readSigner(dir, 'untrusted'),
      revoked: readSigner(dir, 'revoked'),
    },
  };
}
