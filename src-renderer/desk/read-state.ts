// The desk's view of card reads: events folded per read, so the screen can show whichever read is current
// even when its events arrive before the request that started it has answered.
import type { Eligibility, EventOf, Verification } from '../../src-main/contract';

type ReadEvent = EventOf<'read.event'>;
type IdentityEvent = Extract<ReadEvent, { type: 'identity' }>;

export interface ReadState {
  readId: string;
  steps: string[];
  identity: IdentityEvent | null;
  verification: Verification | null;
  warnings: string[];
  eligibility: Eligibility | null;
  photo: string | null;
  /** The core could not show the chip's photo (too large, undecodable, too slow). */
  photoUnavailable: boolean;
  error: { code: string; vi: string; en: string } | null;
  done: boolean;
}

export function emptyRead(readId: string): ReadState {
  return { readId, steps: [], identity: null, verification: null, warnings: [], eligibility: null, photo: null, photoUnavailable: false, error: null, done: false };
}

export function foldRead(state: ReadState, event: ReadEvent): ReadState {
  switch (event.type) {
    case 'progress':
      return { ...state, steps: [...state.steps, event.step], done: event.step === 'done' || state.done };
    case 'identity':
      return { ...state, identity: event };
    case 'verification':
      return { ...state, verification: event.verification, warnings: event.warnings };
    case 'eligibility':
      return { ...state, eligibility: event.eligibility };
    case 'photo':
      return { ...state, photo: event.dataUrl };
    case 'photo-unavailable':
      return { ...state, photoUnavailable: true };
    case 'failed':
      return { ...state, error: event.error, done: true };
  }
}

/** A failed verification blocks the check-in until staff acknowledge it. */
export function isAlarming(verification: Verification | null): boolean {
  return verification?.verdict === 'data-altered' || verification?.verdict === 'clone-suspected';
}
