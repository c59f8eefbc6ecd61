// A check-in that starts with a card on a reader: read the chip, verify it (passive, chip and active
// authentication) and turn it into the identity the check-in records, with its provenance.
import type { AccessInput } from '../card/keys/access-key';
import type { Clock } from '../util/clock';
import { readVerified, type VerifiedRead } from '../identity/card-read-service';
import type { ReaderPort } from '../reader/port';
import type { TrustStore } from '../trust/trust-store';
import { identityFromChip, type IdentityInput } from './identity';

export interface CardIdentity extends VerifiedRead {
  identity: IdentityInput;
}

export async function readCardIdentity(
  readers: ReaderPort,
  request: { reader: string; access: AccessInput; trust: TrustStore; clock: Clock; photo?: boolean },
): Promise<CardIdentity> {
  const { read, verification } = await readVerified(readers, { reader: request.reader, access: request.access, photo: request.photo ?? false }, request.trust, request.clock);
  return { identity: identityFromChip(read, verification, request.clock.now()), verification, read };
}
