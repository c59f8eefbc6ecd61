// Private keys of the test PKI, derived from fixed labels so that every run of the generator produces
// the same certificates, and signing that is deterministic too, so that personas' EF.SOD files are
// reproducible byte for byte:
// - ECDSA: RFC 6979 deterministic nonces (@noble/curves). Node's WebCrypto has no brainpool curves.
// - RSA PKCS#1 v1.5 (RFC 8017 §8.2) is deterministic by construction.
// - RSA-PSS (RFC 8017 §8.1) takes a salt; a fixed salt derived from a label keeps it reproducible.
//   Acceptable for synthetic test keys only: real signers must use a random salt.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { bytesToBigInt, uintBytes } from '../../../util/bytes';
import {
  CURVE_OIDS,
  curveNameOf,
  OID_EC_PUBLIC_KEY,
  OID_RSA_ENCRYPTION,
  pssSaltLength,
  type DigestName,
  type EcCurveName,
  type SignatureScheme,
} from './algorithms';
import { serialize, toArrayBuffer } from './der';
import { TestPkiError } from './errors';

const CURVES = {
  brainpoolP256r1,
  brainpoolP384r1,
  brainpoolP512r1,
  'P-256': p256,
  'P-384': p384,
  'P-521': p521,
} as const;

export interface SigningKey {
  readonly scheme: SignatureScheme;
  /** DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
  readonly subjectPublicKeyInfo: Uint8Array;
  /** DER PrivateKeyInfo, unencrypted PKCS#8 (RFC 5208 §5). */
  readonly pkcs8: Uint8Array;
  /** Signature over `data` (hashed here with the scheme's digest); ECDSA as DER Ecdsa-Sig-Value (RFC 3279 §2.2.3). */
  sign(data: Uint8Array): Uint8Array;
}

export function digest(name: DigestName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(name).update(data).digest());
}

/** `length` bytes of SHA-512 in counter mode over a label: the only entropy the test PKI has. */
export function seedBytes(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, offset = 0; offset < length; counter += 1) {
    const block = createHash('sha512').update(`${label}\u0000${counter}`).digest();
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    offset += block.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- EC

function ecAlgorithmIdentifier(curve: EcCurveName): AlgorithmIdentifier {
  // Named curve, not explicit parameters (RFC 5480 §2.1.1: "namedCurve ... MUST" for PKIX). Vietnam's
  // real CSCA spells brainpoolP512r1 out as specifiedCurve; the verifier must accept both forms.
  return new AlgorithmIdentifier({ algorithm: OID_EC_PUBLIC_KEY, parameters: AsnConvert.serialize(new ECParameters({ namedCurve: CURVE_OIDS[curve] })) });
}

function ecKey(curve: EcCurveName, secret: Uint8Array, scheme: SignatureScheme): SigningKey {
  if (scheme.kind !== 'ecdsa') throw new TestPkiError('unsupported-key', `an EC key cannot sign ${scheme.kind}`);
  const noble = CURVES[curve];
  const publicPoint = noble.getPublicKey(secret, false);
  const algorithm = ecAlgorithmIdentifier(curve);
  const subjectPublicKeyInfo = serialize(new SubjectPublicKeyInfo({ algorithm, subjectPublicKey: toArrayBuffer(publicPoint) }));
  // RFC 5915 §3: parameters are omitted in the inner ECPrivateKey because PKCS#8 carries them outside.
  const ecPrivateKey = serialize(new ECPrivateKey({ version: 1, privateKey: new OctetString(secret), publicKey: toArrayBuffer(publicPoint) }));
  const pkcs8 = privateKeyInfo(serialize(algorithm), ecPrivateKey);
  return {
    scheme,
    subjectPublicKeyInfo,
    pkcs8,
    sign: (data) => noble.sign(digest(scheme.digest, data), secret, { prehash: false, format: 'der' }),
  };
}

/** EC private scalar = (SHA-512 stream of the label mod (n − 1)) + 1, so never 0. */
export function ecKeyFromSeed(curve: EcCurveName, label: string, scheme: SignatureScheme): SigningKey {
  const n = CURVES[curve].Point.Fn.ORDER;
  const scalar = (bytesToBigInt(seedBytes(`ec:${label}`, 64)) % (n - 1n)) + 1n;
  return ecKey(curve, uintBytes(scalar, CURVES[curve].Point.Fn.BYTES), scheme);
}

// --------------------------------------------------------------------------------------------- RSA

function binary(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('binary');
}

function fromBinary(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'binary'));
}

function forgeDigest(name: DigestName): forge.md.MessageDigest {
  switch (name) {
    case 'sha256':
      return forge.md.sha256.create();
    case 'sha384':
      return forge.md.sha384.create();
    case 'sha512':
      return forge.md.sha512.create();
  }
}

function rsaKey(privateKey: forge.pki.rsa.PrivateKey, scheme: SignatureScheme): SigningKey {
  if (scheme.kind === 'ecdsa') throw new TestPkiError('unsupported-key', 'an RSA key cannot sign ECDSA');
  const publicKey = forge.pki.rsa.setPublicKey(privateKey.n, privateKey.e);
  const subjectPublicKeyInfo = fromBinary(forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes());
  const pkcs8 = fromBinary(forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(privateKey))).getBytes());
  const salt = binary(seedBytes('rsa-pss-salt', pssSaltLength(scheme)));
  return {
    scheme,
    subjectPublicKeyInfo,
    pkcs8,
    sign(data) {
      const md = forgeDigest(scheme.digest);
      md.update(binary(data));
      if (scheme.kind === 'rsa-pkcs1') return fromBinary(privateKey.sign(md, 'RSASSA-PKCS1-V1_5'));
      const pss = forge.pss.create({
        md: forgeDigest(scheme.digest),
        mgf: forge.mgf.mgf1.create(forgeDigest(scheme.digest)),
        saltLength: pssSaltLength(scheme),
        salt,
      });
      return fromBinary(privateKey.sign(md, pss));
    },
  };
}

/** node-forge key generation fed by the label's SHA-512 stream instead of a CSPRNG. */
export function rsaKeyFromSeed(bits: number, label: string, scheme: SignatureScheme): SigningKey {
  let stream = 0;
  const prng = {
    getBytesSync(count: number): string {
      stream += 1;
      return binary(seedBytes(`rsa:${label}:${stream}`, count));
    },
  };
  // A custom prng keeps forge off Node's native generator, which would ignore it.
  const pair = forge.pki.rsa.generateKeyPair({ bits, e: 0x10001, prng, algorithm: 'PRIMEINC' });
  return rsaKey(pair.privateKey, scheme);
}

// ---------------------------------------------------------------------------------------- PKCS#8

function der(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.toBER(false));
}

function privateKeyInfo(algorithmIdentifier: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const algorithm = asn1js.fromBER(toArrayBuffer(algorithmIdentifier)).result;
  return der(
    new asn1js.Sequence({
      value: [new asn1js.Integer({ value: 0 }), algorithm, new asn1js.OctetString({ valueHex: toArrayBuffer(privateKey) })],
    }),
  );
}

function parsePrivateKeyInfo(pkcs8: Uint8Array): { algorithm: string; parameters: asn1js.AsnType | undefined; privateKey: Uint8Array } {
  const parsed = asn1js.fromBER(toArrayBuffer(pkcs8));
  const [, algorithmBlock, keyBlock] = parsed.result instanceof asn1js.Sequence ? parsed.result.valueBlock.value : [];
  if (parsed.offset === -1 || !(algorithmBlock instanceof asn1js.Sequence) || !(keyBlock instanceof asn1js.OctetString)) {
    throw new TestPkiError('malformed-key', 'not a PKCS#8 PrivateKeyInfo');
  }
  const [oid, parameters] = algorithmBlock.valueBlock.value;
  if (!(oid instanceof asn1js.ObjectIdentifier)) throw new TestPkiError('malformed-key', 'PKCS#8 algorithm');
  return { algorithm: oid.valueBlock.toString(), parameters, privateKey: new Uint8Array(keyBlock.valueBlock.valueHexView) };
}

/** A signing key from the PKCS#8 files the generator writes (EC with a named curve, or RSA). */
export function signingKeyFromPkcs8(pkcs8: Uint8Array, scheme: SignatureScheme): SigningKey {
  const info = parsePrivateKeyInfo(pkcs8);
  if (info.algorithm === OID_RSA_ENCRYPTION) {
    return rsaKey(forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(binary(pkcs8))) as forge.pki.rsa.PrivateKey, scheme);
  }
  if (info.algorithm !== OID_EC_PUBLIC_KEY) throw new TestPkiError('unsupported-key', `key algorithm ${info.algorithm}`);
  const curveOid = info.parameters instanceof asn1js.ObjectIdentifier ? info.parameters.valueBlock.toString() : '';
  const curve = curveNameOf(curveOid);
  if (!curve) throw new TestPkiError('unsupported-key', `EC parameters ${curveOid || '(not a named curve)'}`);
  const inner = asn1js.fromBER(toArrayBuffer(info.privateKey)).result;
  const secret = inner instanceof asn1js.Sequence ? inner.valueBlock.value[1] : undefined;
  if (!(secret instanceof asn1js.OctetString)) throw new TestPkiError('malformed-key', 'ECPrivateKey');
  return ecKey(curve, new Uint8Array(secret.valueBlock.valueHexView), scheme);
}
