import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HisAuthKind, HisExportFormat, Settings } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';

/**
 * Settings → "Kết nối HIS": the push to the hospital's FHIR server (address, authentication with a
 * write-only token or password, the CA of a private certificate, the photo) and the export of today's
 * visits to a folder every N minutes. The core starts again on the new configuration.
 */
export function HisSection({ client, current, adminPin }: { client: ContractClient; current: Settings['his']; adminPin: () => string | undefined }) {
  const { t } = useTranslation();
  const [queue, reloadQueue] = useRequest(client, 'his.state', {});
  const [auth, setAuth] = useState<HisAuthKind>(current.auth);
  const [message, setMessage] = useState<string | null>(null);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const secret = text('hisSecret');
    const pin = adminPin();
    try {
      await client.request('settings.set', {
        his: {
          fhirBaseUrl: text('hisUrl') || null,
          auth,
          username: auth === 'basic' ? text('hisUsername') || null : null,
          caPem: text('hisCa') || null,
          includePhoto: form.get('hisPhoto') === 'on',
          export: { folder: text('hisFolder') || null, format: text('hisFormat') as HisExportFormat, everyMinutes: Number(text('hisEvery')) },
        },
        ...(secret && auth !== 'none' ? { hisSecret: secret } : {}),
        ...(pin ? { adminPin: pin } : {}),
      });
      setMessage(t('his.saved'));
      await client.request('app.restart', {});
    } catch (error) {
      setMessage(`${t('settings.invalid')} ${(error as Error).message}`);
    }
  };

  const retry = async () => {
    const pin = adminPin();
    try {
      await client.request('his.retryDead', pin ? { adminPin: pin } : {});
      reloadQueue();
    } catch (error) {
      setMessage(`${t('settings.invalid')} ${(error as Error).message}`);
    }
  };

  return (
    <section aria-labelledby="his-title" data-testid="his-section">
      <h3 id="his-title">{t('his.title')}</h3>
      <p className="muted">{t('his.hint')}</p>
      {queue.state === 'ready' && queue.value.configured && (
        <p role="status" data-testid="his-queue">
          {t('his.queue', { pending: queue.value.pending, dead: queue.value.dead })}{' '}
          {queue.value.dead > 0 && (
            <button type="button" onClick={() => void retry()} data-testid="his-retry">
              {t('his.retry')}
            </button>
          )}
        </p>
      )}
      <form onSubmit={(event) => void save(event)} className="settings-grid">
        <fieldset>
          <legend>{t('his.push')}</legend>
          <label>
            <span>{t('his.url')}</span>
            <input name="hisUrl" type="url" defaultValue={current.fhirBaseUrl ?? ''} placeholder="https://his.benhvien.vn/fhir" data-testid="his-url" />
          </label>
          <label>
            <span>{t('his.auth')}</span>
            <select name="hisAuth" value={auth} onChange={(event) => setAuth(event.target.value as HisAuthKind)} data-testid="his-auth">
              <option value="none">{t('his.authNone')}</option>
              <option value="bearer">{t('his.authBearer')}</option>
              <option value="basic">{t('his.authBasic')}</option>
            </select>
          </label>
          {auth === 'basic' && (
            <label>
              <span>{t('his.username')}</span>
              <input name="hisUsername" defaultValue={current.username ?? ''} autoComplete="off" />
            </label>
          )}
          {auth !== 'none' && (
            <label>
              <span>{auth === 'bearer' ? t('his.token') : t('his.password')}</span>
              <input name="hisSecret" type="password" autoComplete="new-password" placeholder={current.secretSet ? t('settings.passwordStored') : ''} data-testid="his-secret" />
            </label>
          )}
          <label>
            <span>{t('his.ca')}</span>
            <textarea name="hisCa" rows={3} defaultValue={current.caPem ?? ''} placeholder="-----BEGIN CERTIFICATE-----" spellCheck={false} />
          </label>
          <label className="inline">
            <input name="hisPhoto" type="checkbox" defaultChecked={current.includePhoto} />
            <span>{t('his.photo')}</span>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('his.files')}</legend>
          <label>
            <span>{t('his.folder')}</span>
            <input name="hisFolder" defaultValue={current.export.folder ?? ''} placeholder="D:\HIS\import" data-testid="his-folder" />
          </label>
          <label>
            <span>{t('his.format')}</span>
            <select name="hisFormat" defaultValue={current.export.format}>
              <option value="fhir">{t('his.formatFhir')}</option>
              <option value="xml3176">{t('his.formatXml3176')}</option>
            </select>
          </label>
          <label>
            <span>{t('his.every')}</span>
            <input name="hisEvery" type="number" min={1} max={1440} defaultValue={current.export.everyMinutes} />
          </label>
        </fieldset>
        <div className="row">
          <button type="submit" data-testid="his-save">
            {t('his.save')}
          </button>
          {message && <span role="status">{message}</span>}
        </div>
      </form>
    </section>
  );
}
