import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, AuditRow, CertificateInfo } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { uploadFile } from '../api/upload';

/** A renewed certificate replaces the old one once it opens and is valid; the core then starts again on it. */
export function CertificateSection({ client, host, current, adminPin }: { client: ContractClient; host: AppInfo['host']; current: CertificateInfo | null; adminPin: string }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<string | null>(null);
  const renew = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const file = data.get('file');
    try {
      const uploadId = await uploadFile(client, host, 'certificate', file instanceof File && file.size > 0 ? file : undefined);
      if (!uploadId) return;
      await client.request('setup.certificate', { uploadId, password: String(data.get('password') ?? ''), ...(adminPin ? { adminPin } : {}) });
      await client.request('app.restart', {});
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <form className="settings-certificate" onSubmit={(event) => (event.preventDefault(), void renew(event.currentTarget))} data-testid="settings-certificate">
      <h3>{t('settings.certificate')}</h3>
      {current ? (
        <p className={current.daysLeft <= 30 ? 'tone-warn' : 'muted'} data-testid="cert-info" data-days-left={current.daysLeft}>
          {current.subject} — {t('setup.certificateValidity')} {current.notBefore.slice(0, 10)} – {current.notAfter.slice(0, 10)}
          {current.daysLeft <= 30 && ` · ${t('setup.certificateExpiring', { days: current.daysLeft })}`}
        </p>
      ) : (
        <p className="muted">{t('settings.noCertificate')}</p>
      )}
      <div className="row">
        {host === 'web' && <input name="file" type="file" accept=".p12,.pfx" aria-label={t('setup.certificateFile')} />}
        <input name="password" type="password" autoComplete="off" placeholder={t('setup.certificatePassword')} aria-label={t('setup.certificatePassword')} />
        <button type="submit">{t('settings.renewCertificate')}</button>
      </div>
      {message && <p role="alert">{message}</p>}
    </form>
  );
}

const csvCell = (value: string | null) => `"${(value ?? '').replace(/"/g, '""')}"`;

/** Who looked up whom and when — never the data — for the administrator, with a CSV export. */
export function AuditSection({ client, adminPin }: { client: ContractClient; adminPin: string }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = async () => {
    try {
      setRows(await client.request('audit.list', { limit: 1000, ...(adminPin ? { adminPin } : {}) }));
      setMessage(null);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  const exportCsv = () => {
    if (!rows) return;
    const lines = [['at', 'operator', 'action', 'patientRef', 'visitId', 'outcome'].join(','), ...rows.map((row) => [row.at, row.operator, row.action, row.patientRef, row.visitId, row.outcome].map(csvCell).join(','))];
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }));
    link.download = 'tiepdon-audit.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <section className="settings-audit" data-testid="settings-audit">
      <h3>{t('settings.audit')}</h3>
      <div className="row">
        <button type="button" onClick={() => void load()} data-testid="audit-show">
          {t('settings.auditShow')}
        </button>
        {rows && (
          <button type="button" onClick={exportCsv} data-testid="audit-export">
            {t('settings.auditExport')}
          </button>
        )}
      </div>
      {message && <p role="alert">{message}</p>}
      {rows && (
        <table className="audit-table" data-testid="audit-rows">
          <thead>
            <tr>
              <th>{t('settings.auditAt')}</th>
              <th>{t('settings.auditOperator')}</th>
              <th>{t('settings.auditAction')}</th>
              <th>{t('settings.auditOutcome')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <td>{row.at.slice(0, 19).replace('T', ' ')}</td>
                <td>{row.operator ?? '—'}</td>
                <td>{row.action}</td>
                <td>{row.outcome ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
