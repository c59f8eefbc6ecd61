// The kiosk's screens as a small state machine, kept apart from React so its rules read plainly:
// patients move forward one decision at a time, and anything unusual sends them to the desk.
import type { Eligibility, Verification } from '../../src-main/contract';

export type KioskScreen =
  | { name: 'idle' }
  | { name: 'key' }
  | { name: 'reading'; readId: string }
  | { name: 'confirm'; readId: string }
  | { name: 'service'; readId: string; lane: 'bhyt' | 'fee' }
  | { name: 'ticket'; visitId: string }
  | { name: 'see-staff'; reason: 'verification' | 'photo-check' | 'not-eligible' | 'offline' | 'read-failed' | 'already' };

/** Why a patient cannot finish alone, if they cannot; null when they can. */
export function problemOf(verification: Verification | null, eligibility: Eligibility | null): Extract<KioskScreen, { name: 'see-staff' }>['reason'] | null {
  if (verification && (verification.verdict === 'data-altered' || verification.verdict === 'clone-suspected')) return 'verification';
  // The chip cannot prove the card: a person must compare the photo with the patient, which a kiosk cannot.
  if (verification?.verdict === 'not-verifiable') return 'photo-check';
  if (eligibility?.status === 'pending' || eligibility?.status === 'technical') return 'offline';
  return null;
}

/** BHYT lane only when the gateway said the card is good; otherwise fee-paying or the desk. */
export function bhytAllowed(eligibility: Eligibility | null): boolean {
  return eligibility?.status === 'eligible' || eligibility?.status === 'eligible-new-card';
}

/** `••••••••2345`: enough for a patient to recognise their card, nothing for a passer-by. */
export function maskId(idNumber: string | null): string {
  if (!idNumber) return '';
  return `${'•'.repeat(Math.max(0, idNumber.length - 4))}${idNumber.slice(-4)}`;
}

/** The given name is the last word of a Vietnamese full name (family name first). */
export function givenName(fullName: string | null): string {
  return fullName?.trim().split(/\s+/).pop() ?? '';
}
