// The facility's signing key and certificate, from the PKCS#12 file its CA issued (docs/bhxh-gateway.md "Check-in report": the
// check-in carries the facility's XML-DSig signature). node-forge reads PKCS#12; the key never leaves
// memory and is never logged.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { GatewayError } from './errors';

export interface FacilityCredential {
  /** PKCS#1 PEM, for signing only. */
  privateKeyPem: string;
  /** The certificate paired with the key. */
  certificatePem: string;
  /** Any further certificates in the file (the CA chain), in file order. */
  chainPem: string[];
  subject: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: string;
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, type: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType: type })[type] ?? [];
}

/** Reads a `.p12`/`.pfx`; a wrong password, a broken file or a key without its certificate → 'signing'. */
export function loadFacilityCredential(file: Uint8Array, password: string): FacilityCredential {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(file).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch {
    throw new GatewayError('signing', 'cannot open the PKCS#12 file (wrong password?)');
  }
  const keyBag = [...bagsOf(p12, forge.pki.oids.pkcs8ShroudedKeyBag!), ...bagsOf(p12, forge.pki.oids.keyBag!)].find((bag) => bag.key);
  if (!keyBag?.key) throw new GatewayError('signing', 'no private key in the PKCS#12 file');
  const privateKeyPem = forge.pki.privateKeyToPem(keyBag.key).replace(/\r\n/g, '\n');
  const keySpki = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });

  const certificates = bagsOf(p12, forge.pki.oids.certBag!)
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined)
    .map((cert) => forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n'));
  const paired = certificates.find((pem) => new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }).equals(keySpki));
  if (!paired) throw new GatewayError('signing', 'no certificate for the private key in the PKCS#12 file');
  const x509 = new X509Certificate(paired);
  return {
    privateKeyPem,
    certificatePem: paired,
    chainPem: certificates.filter((pem) => pem !== paired),
    subject: x509.subject,
    serialNumber: x509.serialNumber,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    fingerprintSha256: x509.fingerprint256,
  };
}
