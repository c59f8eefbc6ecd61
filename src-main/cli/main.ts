import { processIo } from './io';
import { runCli } from './tiepdon';

try {
  process.exitCode = await runCli(process.argv.slice(2), processIo);
} catch (error) {
  // Argument errors from parseArgs and anything unexpected: one line, no stack, no patient data.
  processIo.err(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
