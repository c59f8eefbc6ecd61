// Files the core hands out outside the contract (a backup): the web host serves each once, to the page
// holding the session cookie, under a random id. Bounded in count and time; Electron saves with a dialog.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../util/clock';

const KEEP_MS = 10 * 60_000;
const MAX_WAITING = 2;

export interface Download {
  fileName: string;
  bytes: Uint8Array;
}

export class Downloads {
  private readonly waiting = new Map<string, Download & { at: number }>();

  constructor(private readonly clock: Clock) {}

  put(fileName: string, bytes: Uint8Array): string {
    this.expire();
    while (this.waiting.size >= MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value!);
    const id = randomBytes(16).toString('hex');
    this.waiting.set(id, { fileName, bytes, at: this.clock.now().getTime() });
    return id;
  }

  /** The file, once. */
  take(id: string): Download | null {
    this.expire();
    const download = this.waiting.get(id);
    this.waiting.delete(id);
    return download ? { fileName: download.fileName, bytes: download.bytes } : null;
  }

  private expire(): void {
    const oldest = this.clock.now().getTime() - KEEP_MS;
    for (const [id, download] of this.waiting) if (download.at < oldest) this.waiting.delete(id);
  }
}
