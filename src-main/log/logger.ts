// Structured logs (pino) in the app's data folder, rolled by size, with personal data redacted before
// anything is serialised.
import { join } from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import buildRollingFile from 'pino-roll';
import { redactPii, scrubText } from './redact';

export type { Logger };

export interface LoggerOptions {
  level?: pino.LevelWithSilent;
  /** Where lines go; defaults to `<dataDir>/logs/tiepdon.N.log` rolled at 10 MB, 5 files kept. */
  destination?: DestinationStream;
  dataDir?: string;
}

export async function createLogger(options: LoggerOptions): Promise<Logger> {
  const destination =
    options.destination ??
    (await buildRollingFile({
      file: join(options.dataDir ?? '.', 'logs', 'tiepdon.log'),
      size: '10m',
      limit: { count: 5 },
      mkdir: true,
    }));
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        // The last step before bytes leave the process, so child bindings, serialisers and messages all
        // pass through the same redaction.
        streamWrite: (line) => {
          try {
            return `${JSON.stringify(redactPii(JSON.parse(line)))}\n`;
          } catch {
            return scrubText(line);
          }
        },
      },
    },
    destination,
  );
}
