// Puts a virtual card into pcscd through vsmartcard-vpcd: the card connects to vpcd as a TCP client
// (localhost:35963 → "Virtual PCD 00 00", 35964 → "… 00 01"). Frames are a 2-byte big-endian length and a
// payload; a 1-byte payload is a control message (00 power off, 01 power on, 02 reset, 04 get ATR),
// anything longer is an APDU to answer. If pcscd restarts, the bridge connects again.
import { connect, type Socket } from 'node:net';
import { chipDelay } from './sim-channel';
import type { VirtualCard } from './virtual-card';

export interface VpcdBridgeOptions {
  host?: string;
  port?: number;
  /** Wait between reconnection attempts. */
  retryMs?: number;
  onState?: (state: 'connected' | 'disconnected') => void;
}

export class VpcdBridge {
  private socket: Socket | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private buffer = Buffer.alloc(0);
  /** Answers go out in order, each after the chip's own delay. */
  private answering: Promise<void> = Promise.resolve();

  constructor(
    private readonly card: VirtualCard,
    private readonly options: VpcdBridgeOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  /** Closes the connection: pcscd then sees the card removed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }

  private open(): void {
    const socket = connect({ host: this.options.host ?? 'localhost', port: this.options.port ?? 35963 });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => this.options.onState?.('connected'));
    socket.on('data', (chunk) => this.receive(socket, chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.buffer = Buffer.alloc(0);
      if (this.socket === socket) this.socket = null;
      this.options.onState?.('disconnected');
      if (!this.stopped) this.timer = setTimeout(() => this.open(), this.options.retryMs ?? 500);
    });
  }

  private receive(socket: Socket, chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2) {
      const length = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + length) return;
      const payload = new Uint8Array(this.buffer.subarray(2, 2 + length));
      this.buffer = this.buffer.subarray(2 + length);
      this.answering = this.answering.then(async () => {
        if (payload.length > 1) await chipDelay(this.card);
        const answer = this.answer(payload);
        if (answer && !socket.destroyed) {
          const frame = Buffer.alloc(2 + answer.length);
          frame.writeUInt16BE(answer.length, 0);
          frame.set(answer, 2);
          socket.write(frame);
        }
      });
    }
  }

  private answer(payload: Uint8Array): Uint8Array | null {
    if (payload.length === 1) {
      switch (payload[0]) {
        case 0x00:
        case 0x01:
        case 0x02:
          this.card.reset();
          return null;
        case 0x04:
          return this.card.atr;
        default:
          return null;
      }
    }
    return this.card.transmit(payload);
  }
}
