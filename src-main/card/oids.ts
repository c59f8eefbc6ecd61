// Object identifiers of ICAO 9303-11 §9.2 and BSI TR-03110 used by PACE, CA, AA and the LDS.
const BSI = '0.4.0.127.0.7';
export const ID_PACE = `${BSI}.2.2.4`;
export const ID_CA = `${BSI}.2.2.3`;
export const ID_TA = `${BSI}.2.2.2`;
export const ID_PK = `${BSI}.2.2.1`;
export const ID_PK_DH = `${ID_PK}.1`;
export const ID_PK_ECDH = `${ID_PK}.2`;
export const ID_AA = '2.23.136.1.1.5';
export const ID_ECDSA_PLAIN_SIGNATURES = `${BSI}.1.1.4.1`;

export const OID_PACE_ECDH_GM_3DES = `${ID_PACE}.2.1`;
export const OID_PACE_ECDH_GM_AES_128 = `${ID_PACE}.2.2`;
export const OID_PACE_ECDH_GM_AES_192 = `${ID_PACE}.2.3`;
export const OID_PACE_ECDH_GM_AES_256 = `${ID_PACE}.2.4`;

export const OID_CA_ECDH_3DES = `${ID_CA}.2.1`;
export const OID_CA_ECDH_AES_128 = `${ID_CA}.2.2`;
export const OID_CA_DH_3DES = `${ID_CA}.1.1`;
export const OID_CA_DH_AES_128 = `${ID_CA}.1.2`;

/** Standardized domain parameters (ICAO 9303-11 §9.5.1, table 6). */
export const STANDARD_CURVES: Record<number, string> = {
  12: 'P-256',
  13: 'brainpoolP256r1',
  15: 'P-384',
  16: 'brainpoolP384r1',
  17: 'brainpoolP512r1',
  18: 'P-521',
};

export const SHA_OIDS: Record<string, 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
