// SecurityInfos (ICAO 9303-11 §9.2): EF.CardAccess and DG14 list the protocols a chip supports.
import * as asn1js from 'asn1js';
import { bytesOf, children, intOf, oidOf, parseDer } from '../asn1';
import { malformed } from '../errors';
import { ID_AA, ID_CA, ID_PACE, ID_PK, ID_TA } from '../oids';
import { readTlv } from '../tlv/tlv';

export interface PaceInfo {
  protocol: string;
  version: number;
  parameterId: number | null;
}

export interface ChipAuthenticationInfo {
  protocol: string;
  version: number;
  keyId: number | null;
}

export interface ChipAuthenticationPublicKeyInfo {
  protocol: string;
  /** DER SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
  keyId: number | null;
}

export interface ActiveAuthenticationInfo {
  version: number;
  /** Signature algorithm OID for ECDSA Active Authentication. */
  signatureAlgorithm: string;
}

export interface SecurityInfos {
  pace: PaceInfo[];
  chipAuthentication: ChipAuthenticationInfo[];
  chipAuthenticationPublicKeys: ChipAuthenticationPublicKeyInfo[];
  activeAuthentication: ActiveAuthenticationInfo[];
  terminalAuthentication: boolean;
  /** Protocols listed that this reader does not know; kept for diagnostics. */
  unknown: string[];
}

export function parseSecurityInfos(der: Uint8Array): SecurityInfos {
  const infos: SecurityInfos = {
    pace: [],
    chipAuthentication: [],
    chipAuthenticationPublicKeys: [],
    activeAuthentication: [],
    terminalAuthentication: false,
    unknown: [],
  };
  for (const item of children(parseDer(der, 'SecurityInfos'), 'SecurityInfos')) {
    const [oidBlock, second, third] = children(item, 'SecurityInfo');
    const protocol = oidOf(oidBlock, 'SecurityInfo.protocol');
    if (protocol.startsWith(`${ID_PACE}.`) && protocol.split('.').length === 11) {
      infos.pace.push({ protocol, version: intOf(second, 'PACEInfo.version'), parameterId: third ? intOf(third, 'PACEInfo.parameterId') : null });
    } else if (protocol.startsWith(`${ID_CA}.`)) {
      infos.chipAuthentication.push({ protocol, version: intOf(second, 'CAInfo.version'), keyId: third ? intOf(third, 'CAInfo.keyId') : null });
    } else if (protocol.startsWith(`${ID_PK}.`)) {
      if (!second || !(second instanceof asn1js.Sequence)) throw malformed('ChipAuthenticationPublicKeyInfo');
      infos.chipAuthenticationPublicKeys.push({ protocol, subjectPublicKeyInfo: bytesOf(second), keyId: third ? intOf(third, 'keyId') : null });
    } else if (protocol === ID_AA) {
      infos.activeAuthentication.push({ version: intOf(second, 'AAInfo.version'), signatureAlgorithm: oidOf(third, 'AAInfo.signatureAlgorithm') });
    } else if (protocol.startsWith(ID_TA)) {
      infos.terminalAuthentication = true;
    } else {
      infos.unknown.push(protocol);
    }
  }
  return infos;
}

/** DG14 is SecurityInfos inside the application tag 0x6E. */
export function parseDg14(file: Uint8Array): SecurityInfos {
  const outer = readTlv(file);
  if (outer.tag !== 0x6e) throw malformed('DG14 tag');
  return parseSecurityInfos(outer.value);
}
