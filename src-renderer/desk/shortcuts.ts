// The desk's keyboard: one table for the handler and for the `?` list, so the two never disagree.
import { useEffect, useRef } from 'react';

export type DeskCommand = 'manual' | 'search' | 'callNext' | 'skip' | 'recall' | 'reprint' | 'help';

/** Keys that work anywhere on the desk, even while typing (F-keys and Alt never type a character). */
export const SHORTCUTS: readonly { command: DeskCommand; label: string; matches: (event: KeyboardEvent) => boolean }[] = [
  { command: 'manual', label: 'F2', matches: (event) => event.key === 'F2' },
  { command: 'search', label: 'F3', matches: (event) => event.key === 'F3' },
  { command: 'callNext', label: 'F4', matches: (event) => event.key === 'F4' && !event.shiftKey },
  { command: 'skip', label: 'Alt+B', matches: (event) => event.altKey && event.code === 'KeyB' },
  { command: 'recall', label: 'Alt+G', matches: (event) => event.altKey && event.code === 'KeyG' },
  { command: 'reprint', label: 'F8', matches: (event) => event.key === 'F8' },
  { command: 'help', label: '?', matches: (event) => event.key === '?' && !isTyping(event.target) },
];

/** The keys of the check-in itself, listed with the others. */
export const FLOW_KEYS = [
  { label: '1 … 9', text: 'shortcuts.digit' },
  { label: '← → ↑ ↓', text: 'shortcuts.arrows' },
  { label: 'Enter', text: 'shortcuts.enter' },
  { label: 'Esc', text: 'shortcuts.esc' },
] as const;

/** A field that takes text: digits and arrows belong to it there, not to the desk. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/** Listens for the desk's shortcuts while mounted; the latest handler is used, without re-subscribing. */
export function useDeskShortcuts(run: (command: DeskCommand) => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut = SHORTCUTS.find((candidate) => candidate.matches(event));
      if (!shortcut) return;
      event.preventDefault();
      latest.current(shortcut.command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
