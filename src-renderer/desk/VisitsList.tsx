import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';

/** The day's visits: search, how each identity was established, eligibility, and sync state with retry. */
export function VisitsList({ client }: { client: ContractClient }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [visits, reload] = useRequest(client, 'visits.today', { search });
  useEffect(() => client.on('visits.changed', reload), [client, reload]);
  useEffect(() => client.on('sync.changed', reload), [client, reload]);

  return (
    <section className="panel visits" aria-labelledby="visits-title">
      <header className="panel-header">
        <h2 id="visits-title">{t('visits.title')}</h2>
        <input type="search" placeholder={t('visits.search')} value={search} onChange={(event) => setSearch(event.target.value)} aria-label={t('visits.search')} data-testid="visits-search" />
      </header>
      {visits.state === 'ready' && visits.value.length === 0 && <p className="muted">{t('visits.none')}</p>}
      {visits.state === 'ready' && visits.value.length > 0 && (
        <table className="visits-table" data-testid="visits-table">
          <thead>
            <tr>
              <th>{t('visits.number')}</th>
              <th>{t('visits.patient')}</th>
              <th>{t('visits.service')}</th>
              <th>{t('visits.identity')}</th>
              <th>{t('visits.eligibility')}</th>
              <th>{t('visits.sync')}</th>
            </tr>
          </thead>
          <tbody>
            {visits.value.map((visit) => (
              <tr key={visit.visitId} data-testid="visit-row" data-visit={visit.visitId} className={visit.flags.length > 0 ? 'flagged' : undefined}>
                <td className="queue-number">{visit.queueNumber}</td>
                <td>{visit.holder?.fullName ?? t('visits.purged')}</td>
                <td>{visit.serviceCode}</td>
                <td data-provenance={visit.provenance}>{t(`provenance.${visit.provenance}`)}</td>
                <td data-status={visit.eligibility.status}>
                  {t(`eligibility.status.${visit.eligibility.status}`)}
                  {visit.flags.length > 0 && <span className="flag"> ⚑ {t('visits.flagged')}</span>}
                </td>
                <td data-sync={visit.sync}>
                  {t(`visits.syncState.${visit.sync}`)}
                  {visit.sync === 'dead' && (
                    <button type="button" className="small" onClick={() => void client.request('visits.retry', { visitId: visit.visitId }).then(reload)} data-testid={`visit-retry-${visit.visitId}`}>
                      {t('visits.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
