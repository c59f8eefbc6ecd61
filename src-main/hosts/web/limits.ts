// What one web host accepts before it refuses: sized for one desk's UI (a handful of tabs, a few requests
// per keystroke at most) with room for a test that opens several sockets, and small enough that a local
// process or a web page that guessed the port cannot exhaust memory, sockets or the core's event loop.
export interface WebHostLimits {
  /** Request line and headers together (Node's `maxHeaderSize`); more → 431. */
  headerBytes: number;
  /** Body of an ordinary request (uploads have their own route and limit); more → 413. */
  bodyBytes: number;
  /** Open TCP connections, HTTP and WebSocket together; further ones are dropped at once. */
  connections: number;
  /** Open WebSockets; a further upgrade → 503. */
  sockets: number;
  /** Sustained contract messages per second per socket, and the burst allowed above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Time to send the headers, and the whole request (slow senders hold a connection otherwise). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export const defaultWebHostLimits: WebHostLimits = {
  headerBytes: 16 * 1024,
  bodyBytes: 64 * 1024,
  connections: 128,
  sockets: 32,
  messagesPerSecond: 100,
  messageBurst: 200,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
};

/** A token bucket: `take()` says whether one more message fits; the clock is injected for tests. */
export class MessageBudget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.at = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
