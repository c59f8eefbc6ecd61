// Status words (ISO 7816-4 §5.1.3) the card stack acts on.
export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  VERIFICATION_FAILED: 0x6300,
  WRONG_LENGTH: 0x6700,
  SM_OBJECTS_MISSING: 0x6987,
  SM_OBJECTS_INCORRECT: 0x6988,
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  UNKNOWN: 0x6f00,
} as const;

export const isSuccess = (sw: number) => sw === SW.OK || (sw & 0xff00) === 0x6100 || sw === SW.END_OF_FILE;

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
