// The demo facility's signing certificate (facility 01001), made deterministically so that
// `npm run fixtures:facility` rewrites the same bytes: the RSA 2048 key comes from a seeded SHA-256
// counter DRBG through node-forge's `prng` option, the serial and dates are fixed, and the PKCS#12 salts
// and IVs are drawn from the same DRBG. Self-signed: a real facility certificate comes from a licensed
// Vietnamese CA and the gateway trusts it because the facility registered it, not by chain; the
// simulator trusts this one the same way. For tests only — its private key is public.
import { createHash } from 'node:crypto';
import forge from 'node-forge';

export const DEMO_FACILITY = {
  code: '01001',
  p12Password: 'tiepdon-demo',
  seed: 'tiepdon demo facility 01001 signing key v1',
  notBefore: new Date('2025-01-01T00:00:00Z'),
  notAfter: new Date('2035-12-31T23:59:59Z'),
} as const;

/** forge's PRNG interface (binary strings), fed by SHA-256(seed ‖ counter). */
export function seededPrng(seed: string): { getBytesSync(count: number): string; getBytes(count: number): string } {
  let counter = 0;
  let pool = Buffer.alloc(0);
  const take = (count: number): string => {
    while (pool.length < count) {
      const block = Buffer.alloc(4);
      block.writeUInt32BE(counter++);
      pool = Buffer.concat([pool, createHash('sha256').update(seed, 'utf8').update(block).digest()]);
    }
    const out = pool.subarray(0, count);
    pool = pool.subarray(count);
    return out.toString('binary');
  };
  return { getBytesSync: take, getBytes: take };
}

export interface FacilityCertificateFiles {
  p12: Uint8Array;
  certificatePem: string;
}

const utf8 = (name: string, value: string) => ({ name, value, valueTagClass: forge.asn1.Type.UTF8 as number });

export function generateFacilityCertificate(options: { seed?: string; password?: string } = {}): FacilityCertificateFiles {
  const prng = seededPrng(options.seed ?? DEMO_FACILITY.seed);
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001, prng });

  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0100120250101';
  cert.validity.notBefore = new Date(DEMO_FACILITY.notBefore);
  cert.validity.notAfter = new Date(DEMO_FACILITY.notAfter);
  const name = [
    { name: 'countryName', value: 'VN' },
    utf8('stateOrProvinceName', 'Hà Nội'),
    utf8('organizationName', 'Bệnh viện Demo Tiếp đón (TEST ONLY)'),
    utf8('commonName', `${DEMO_FACILITY.code} - Bệnh viện Demo Tiếp đón (TEST ONLY)`),
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());

  // PKCS#12 draws its salts and IVs from forge.random; lend it the seeded generator for this one call.
  const random = forge.random as unknown as { getBytes: unknown; getBytesSync: unknown };
  const saved = { getBytes: random.getBytes, getBytesSync: random.getBytesSync };
  Object.assign(random, seededPrng(`${options.seed ?? DEMO_FACILITY.seed} pkcs12`));
  let der: string;
  try {
    const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], options.password ?? DEMO_FACILITY.p12Password, {
      algorithm: '3des',
      friendlyName: `facility-${DEMO_FACILITY.code}`,
    });
    der = forge.asn1.toDer(asn1).getBytes();
  } finally {
    Object.assign(random, saved);
  }
  return { p12: Buffer.from(der, 'binary'), certificatePem: forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n') };
}
