// A backup of the installation, made from Settings and restored on the first-run screen. The file never
// crosses the contract: it is offered as a download (web host) or saved with a dialog (Electron), and a
// backup to restore arrives as an upload.
import { z } from 'zod';
import { InstallationMode } from './schemas';
import { UploadId } from './setup';

/** Protects the file; never kept. At least 10 characters (the core says so). */
const Passphrase = z.string().max(200);

export const BackupRequest = z.object({ passphrase: Passphrase, adminPin: z.string().max(8).optional() }).strict();

export const BackupMade = z.object({
  fileName: z.string().max(200),
  /** Web host: `GET /download?id=…` with the session cookie, once, within ten minutes. */
  downloadId: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
  /** Electron: the file was saved where the user chose (false: the dialog was cancelled). */
  saved: z.boolean(),
});
export type BackupMade = z.infer<typeof BackupMade>;

export const RestoreRequest = z.object({ uploadId: UploadId, passphrase: Passphrase }).strict();

/** What was restored; `app.restarted` follows, on the restored installation. */
export const RestoredBackup = z.object({ createdAt: z.string().datetime(), mode: InstallationMode });
export type RestoredBackup = z.infer<typeof RestoredBackup>;
