import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/error-text';
import type { AppInfo, TrustEntry } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { uploadFile } from '../api/upload';
import { useRequest } from '../shell/useCore';
import { vnDate, vnDateTime } from './when';

type Pending = { fileName: string; uploadId: string; anchors: number; crls: number };

const SOURCES: TrustEntry['source'][] = ['default', 'imported', 'demo'];

/**
 * Settings → "Chứng thư tin cậy": the trust list by source, what administrators imported, and the import
 * itself. A file without a signature is stored only after the administrator confirms the warning; the
 * confirmation is its own step, where the admin PIN will be asked.
 */
export function TrustSection({ client, host, adminPin }: { client: ContractClient; host: AppInfo['host']; adminPin: () => string | undefined }) {
  const { t, i18n } = useTranslation();
  const [entries, reloadEntries] = useRequest(client, 'trust.list', {});
  const [imports, reloadImports] = useRequest(client, 'trust.imports', {});
  const [pending, setPending] = useState<Pending | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const send = async (file: { fileName: string; uploadId: string }, confirmed: boolean) => {
    try {
      const pin = adminPin();
      const result = await client.request('trust.import', { ...file, ...(confirmed ? { confirmation: { acceptUnsigned: true as const } } : {}), ...(pin ? { adminPin: pin } : {}) });
      if (result.status === 'needs-confirmation') {
        setPending({ ...file, anchors: result.anchors, crls: result.crls });
        return;
      }
      setPending(null);
      const signed = result.signedBy ? t('settings.trustSignedBy', { signer: result.signedBy.subject, csca: result.signedBy.chainsTo.subject }) : t('settings.trustUnsignedImported');
      setMessage(`${t('settings.trustImported', { added: result.added, total: result.anchors + result.crls })} ${signed}`);
      reloadEntries();
      reloadImports();
    } catch (error) {
      setPending(null);
      setMessage(`${t('settings.trustRefused')} ${errorText(error, i18n.language)}`);
    }
  };

  // The file goes to the host outside the contract (a POST in the browser, the dialog in the desktop app).
  const choose = async (file?: File) => {
    setMessage(null);
    try {
      const uploadId = await uploadFile(client, host, 'trust', file);
      if (uploadId) await send({ fileName: file?.name ?? 'trust file', uploadId }, false);
    } catch (error) {
      setMessage(`${t('settings.trustRefused')} ${errorText(error, i18n.language)}`);
    }
  };

  const list = entries.state === 'ready' ? entries.value : [];
  return (
    <section aria-labelledby="trust-title" data-testid="trust-section">
      <h3 id="trust-title">{t('settings.trust')}</h3>
      <p className="muted">{t('settings.trustHint')}</p>
      {host === 'web' ? (
        <input type="file" accept=".pem,.der,.cer,.crt,.ml,.crl" onChange={(event) => event.target.files?.[0] && void choose(event.target.files[0])} aria-label={t('settings.trustImport')} />
      ) : (
        <button type="button" onClick={() => void choose()}>
          {t('settings.trustImport')}
        </button>
      )}
      {message && <p role="status">{message}</p>}
      {pending && (
        <div className="trust-warning" role="alertdialog" aria-labelledby="trust-warning-title" data-testid="trust-unsigned-warning">
          <h4 id="trust-warning-title">{t('settings.trustUnsignedTitle')}</h4>
          <p>{t('settings.trustUnsignedText', { file: pending.fileName, anchors: pending.anchors, crls: pending.crls })}</p>
          <div className="row">
            <button type="button" onClick={() => void send({ fileName: pending.fileName, uploadId: pending.uploadId }, true)} data-testid="trust-unsigned-confirm">
              {t('settings.trustUnsignedConfirm')}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {t('settings.trustUnsignedCancel')}
            </button>
          </div>
        </div>
      )}
      {SOURCES.map((source) => {
        const ofSource = list.filter((entry) => entry.source === source);
        if (ofSource.length === 0) return null;
        return (
          <details key={source} open={source !== 'default'} data-testid={`trust-${source}`}>
            <summary>
              {t(`settings.trustSource.${source}`, { n: ofSource.length })}
              {source === 'default' && <span className="muted"> — {t('settings.trustDefaultSource')}</span>}
            </summary>
            <ul className="anchors">
              {ofSource.map((entry) => (
                <li key={entry.fingerprint}>
                  <code>{entry.fingerprint.slice(0, 16)}</code> {entry.kind === 'crl' ? `${t('settings.trustCrl')} · ` : ''}
                  {entry.subject} · {t('settings.trustUntil', { date: entry.notAfter ? vnDate(entry.notAfter) : '—' })}
                  {entry.importedAt && ` · ${t('settings.trustImportedAt', { date: vnDateTime(entry.importedAt) })}`}
                  {entry.stale && <strong className="prompt"> · {t('settings.trustStale')}</strong>}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
      {imports.state === 'ready' && imports.value.length > 0 && (
        <>
          <h4>{t('settings.trustImports')}</h4>
          <ul className="anchors" data-testid="trust-imports">
            {imports.value.map((record) => (
              <li key={`${record.at}-${record.fileName}`}>
                {vnDateTime(record.at)} · {record.fileName} · {t(`settings.trustVia.${record.via}`)} ·{' '}
                {record.signedBy ? t('settings.trustSignedBy', { signer: record.signedBy.subject, csca: record.signedBy.chainsTo.subject }) : t('settings.trustUnsignedRecord')} ·{' '}
                {t('settings.trustAdded', { n: record.added.length })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
