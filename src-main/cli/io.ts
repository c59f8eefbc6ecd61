// What a CLI command writes to; tests pass buffers, main passes the process streams.
import { readFileSync } from 'node:fs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** One secret piped in (`--password-stdin`, `--passphrase-stdin`): all of standard input, less its final newline. */
export function readStdinLine(): string {
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}
