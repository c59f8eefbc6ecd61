import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { uploadFile } from '../api/upload';
import { errorText } from '../shared/error-text';

/**
 * The first-run screen's "Khôi phục từ bản sao lưu": a backup made on the old PC and its passphrase. The
 * file goes to the host outside the contract; on success the core boots on the restored installation and
 * `app.restarted` reloads the page.
 */
export function RestoreBackup({ client, host }: { client: ContractClient; host: AppInfo['host'] }) {
  const { t, i18n } = useTranslation();
  const [message, setMessage] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('backupFile');
    const chosen = file instanceof File && file.size > 0 ? file : undefined;
    if (host === 'web' && !chosen) return setMessage(t('backup.noFile'));
    setWorking(true);
    setMessage(t('backup.restoring'));
    try {
      const uploadId = await uploadFile(client, host, 'backup', chosen);
      if (!uploadId) return setMessage(null);
      await client.request('backup.restore', { uploadId, passphrase: String(form.get('passphrase') ?? '') });
    } catch (error) {
      setMessage(errorText(error, i18n.language));
    } finally {
      setWorking(false);
    }
  };

  return (
    <form className="first-run-choice" onSubmit={(event) => void submit(event)} data-testid="setup-restore">
      <h3>{t('backup.restoreTitle')}</h3>
      <p className="muted">{t('backup.restoreText')}</p>
      {host === 'web' && (
        <label>
          <span>{t('backup.restoreFile')}</span>
          <input name="backupFile" type="file" accept=".tiepdon-backup" data-testid="restore-file" />
        </label>
      )}
      <label>
        <span>{t('backup.passphrase')}</span>
        <input name="passphrase" type="password" maxLength={200} autoComplete="off" required data-testid="restore-passphrase" />
      </label>
      <button type="submit" className="big" disabled={working} data-testid="restore-submit">
        {host === 'web' ? t('backup.restore') : t('backup.chooseFile')}
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
