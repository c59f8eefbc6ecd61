// A check-in that starts with a card on a reader: read the chip, verify it (passive, chip and active
// authentication) and turn it into the identity the check-in records, with its provenance.
import type { ChipRead } from '../card/read/chip-reader';
import type { AccessInput } from '../card/keys/access-key';
import type { Clock } from '../util/clock';
import { readCardIn } from '../identity/card-read-service';
import { verifyRead, type Verification } from '../identity/verification';
import type { ReaderPort } from '../reader/port';
import type { TrustStore } from '../trust/trust-store';
import { identityFromChip, type IdentityInput } from './identity';

export interface CardIdentity {
  identity: IdentityInput;
  verification: Verification;
  read: ChipRead & { reader: string };
}

export async function readCardIdentity(
  readers: ReaderPort,
  request: { reader: string; access: AccessInput; trust: TrustStore; clock: Clock; photo?: boolean },
): Promise<CardIdentity> {
  const now = request.clock.now();
  const read = await readCardIn(readers, { reader: request.reader, access: request.access, now, photo: request.photo ?? false });
  const verification = verifyRead(read, request.trust, now);
  return { identity: identityFromChip(read, verification, now), verification, read };
}
