import { useEffect } from 'react';

/**
 * A 2D barcode scanner types like a keyboard, but far faster than a person, and ends with Enter. Keys
 * arriving within `gapMs` of each other are collected anywhere on the page; a run of at least
 * `minLength` characters ended by Enter is a scan. Typing by hand never triggers it.
 */
export function useScannerInput(onScan: (text: string) => void, options: { gapMs?: number; minLength?: number } = {}): void {
  const gapMs = options.gapMs ?? 35;
  const minLength = options.minLength ?? 20;
  useEffect(() => {
    let buffer = '';
    let last = 0;
    const onKey = (event: KeyboardEvent) => {
      const now = event.timeStamp;
      if (now - last > gapMs) buffer = '';
      last = now;
      if (event.key === 'Enter') {
        if (buffer.length >= minLength) {
          event.preventDefault();
          onScan(buffer);
        }
        buffer = '';
        return;
      }
      if (event.key.length === 1) buffer += event.key;
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onScan, gapMs, minLength]);
}
