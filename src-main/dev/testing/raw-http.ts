// Raw bytes to a loopback host over Node's `net`, for tests that must send what no well-behaved client
// would: malformed request targets, oversized headers, hand-built WebSocket frames.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A complete response: its head, and the body Content-Length announces or the last chunk. */
function complete(received: Buffer): boolean {
  const end = received.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = received.subarray(0, end).toString('latin1');
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) return received.length >= end + 4 + Number(length[1]);
  return /\r\ntransfer-encoding: *chunked/i.test(head) && received.subarray(-5).toString('latin1') === '0\r\n\r\n';
}

/** Writes `bytes`, then collects the server's answer: one response, or all it sends until it closes or `ms` pass. */
export function rawExchange(port: number, bytes: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (complete(Buffer.concat(chunks))) done();
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? done() : reject(error)));
    socket.write(bytes);
  });
}

/** A client frame (RFC 6455 §5.2): FIN set, masked as clients must; `length` may claim more than is sent. */
export function clientFrame(opcode: number, payload: Buffer, length = payload.length): Buffer {
  const mask = randomBytes(4);
  let header: Buffer;
  if (length < 126) header = Buffer.from([0x80 | opcode, 0x80 | length]);
  else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i += 1) masked[i]! ^= mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

export interface RawSocket {
  socket: Socket;
  /** Resolves with the close code the server sent (or null) when the connection ends. */
  closed: Promise<number | null>;
}

/** Opens a WebSocket by hand; rejects unless the server answers 101. */
export function rawWebSocket(port: number, headers: Record<string, string>, path = '/ws'): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    let closeCode: number | null = null;
    const closed = new Promise<number | null>((resolveClosed) => socket.on('close', () => resolveClosed(closeCode)));
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString('latin1');
        buffered = buffered.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          return reject(new Error(head.split('\r\n')[0]));
        }
        upgraded = true;
        resolve({ socket, closed });
      }
      // Server frames are unmasked: a close frame (opcode 8) carries its code in the first two bytes.
      while (buffered.length >= 2) {
        const opcode = buffered[0]! & 0x0f;
        const short = buffered[1]! & 0x7f;
        if (short === 127 || (short === 126 && buffered.length < 4)) break;
        const [start, length] = short === 126 ? [4, buffered.readUInt16BE(2)] : [2, short];
        if (buffered.length < start + length) break;
        if (opcode === 8 && length >= 2) closeCode = buffered.readUInt16BE(start);
        buffered = buffered.subarray(start + length);
      }
    });
    const lines = [`GET ${path} HTTP/1.1`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}
