/**
 * The only thing the card stack needs from a reader: send a command APDU, get the response APDU (data and
 * the two status bytes). Readers, the simulator and the replay transport implement it structurally.
 */
export interface CardChannel {
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}
