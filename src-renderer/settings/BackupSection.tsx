import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractClient } from '../api/client';
import { errorText } from '../shared/error-text';

/**
 * Settings → "Sao lưu": the installation in one file protected by a passphrase (typed twice), for moving
 * the station to a new PC. The desktop app saves it with a dialog; in a browser it is downloaded once.
 */
export function BackupSection({ client, adminPin }: { client: ContractClient; adminPin: () => string | undefined }) {
  const { t, i18n } = useTranslation();
  const [message, setMessage] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const passphrase = String(form.get('passphrase') ?? '');
    if (passphrase !== String(form.get('passphraseAgain') ?? '')) return setMessage(t('backup.mismatch'));
    setWorking(true);
    setMessage(t('backup.working'));
    try {
      const pin = adminPin();
      const made = await client.request('backup.create', { passphrase, ...(pin ? { adminPin: pin } : {}) });
      if (made.downloadId) {
        const link = document.createElement('a');
        link.href = `/download?id=${made.downloadId}`;
        link.download = made.fileName;
        link.click();
      }
      setMessage(made.downloadId ? t('backup.downloaded', { file: made.fileName }) : made.saved ? t('backup.saved', { file: made.fileName }) : t('backup.cancelled'));
    } catch (error) {
      setMessage(errorText(error, i18n.language));
    } finally {
      setWorking(false);
    }
  };

  return (
    <section aria-labelledby="backup-title" data-testid="backup-section">
      <h3 id="backup-title">{t('backup.title')}</h3>
      <p className="muted">{t('backup.hint')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          <span>{t('backup.passphrase')}</span>
          <input name="passphrase" type="password" minLength={10} maxLength={200} autoComplete="new-password" required data-testid="backup-passphrase" />
        </label>
        <label>
          <span>{t('backup.passphraseAgain')}</span>
          <input name="passphraseAgain" type="password" maxLength={200} autoComplete="new-password" required />
        </label>
        <div className="row">
          <button type="submit" disabled={working} data-testid="backup-create">
            {t('backup.create')}
          </button>
          {message && <span role="status">{message}</span>}
        </div>
      </form>
    </section>
  );
}
