import { fromHex } from '../../util/bytes';

/** The eMRTD application (ICAO 9303-10 §3.6.2). */
export const MRTD_AID = fromHex('A0000002471001');
