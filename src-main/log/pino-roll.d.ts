// pino-roll ships no types; this is the part of its API the logger uses.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  interface RollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    limit?: { count: number };
    mkdir?: boolean;
  }

  export default function build(options: RollOptions): Promise<DestinationStream>;
}
