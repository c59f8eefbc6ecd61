import type { TFunction } from 'i18next';

/** The core leads a backup refusal with its code ("wrong-passphrase: …"): said in words where we have them. */
export function backupErrorText(t: TFunction, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = /^([a-z-]+): /.exec(message)?.[1];
  return code ? t(`backup.errors.${code}`, { defaultValue: message }) : message;
}
