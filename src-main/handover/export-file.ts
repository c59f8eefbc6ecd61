// Export files appear whole or not at all: an HIS that polls the folder must never import half a file.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Temp file beside it (a dot name importers skip), flushed, renamed over. Group-readable for the importer. */
export function writeExportFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'w', 0o640);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
