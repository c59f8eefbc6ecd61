import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitRow } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';

export type VisitAction = { kind: 'cancel' | 'edit'; visit: VisitRow };

/**
 * The day's visits: search (F3), where each is in the queue, how the identity was established,
 * eligibility and what became of the report; reprint, edit, cancel, call a skipped patient back, retry.
 */
export function VisitsList({
  client,
  searchRef,
  onAction,
  onReprint,
  onRecall,
}: {
  client: ContractClient;
  searchRef: RefObject<HTMLInputElement | null>;
  onAction: (action: VisitAction) => void;
  onReprint: (visitId: string) => void;
  onRecall: (visitId: string) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [visits, reload] = useRequest(client, 'visits.today', { search });
  useEffect(() => client.on('visits.changed', reload), [client, reload]);
  useEffect(() => client.on('sync.changed', reload), [client, reload]);

  return (
    <section className="panel visits" aria-labelledby="visits-title">
      <header className="panel-header">
        <h2 id="visits-title">{t('visits.title')}</h2>
        <input
          ref={searchRef}
          type="search"
          placeholder={`${t('visits.search')} (F3)`}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          aria-label={t('visits.search')}
          data-testid="visits-search"
        />
      </header>
      {visits.state === 'ready' && visits.value.length === 0 && <p className="muted">{t('visits.none')}</p>}
      {visits.state === 'ready' && visits.value.length > 0 && (
        <ul className="visits-list" data-testid="visits-table">
          {visits.value.map((visit) => (
            <li key={visit.visitId} data-testid="visit-row" data-visit={visit.visitId} data-state={visit.status} className={`visit visit-${visit.status}${visit.flags.length > 0 ? ' flagged' : ''}`}>
              <div className="visit-line">
                <span className="queue-number">{visit.queueNumber}</span>
                <span className="visit-name">{visit.holder?.fullName ?? t('visits.purged')}</span>
                <span className={`status-chip status-${visit.status}`} data-testid="visit-status">
                  {t(`visits.statuses.${visit.status}`)}
                </span>
              </div>
              <div className="visit-line muted">
                <span>
                  {visit.serviceName} ({visit.serviceCode})
                </span>
                <span data-provenance={visit.provenance}>{t(`provenance.${visit.provenance}`)}</span>
                <span data-status={visit.eligibility.status}>
                  {t(`eligibility.status.${visit.eligibility.status}`)}
                  {visit.flags.length > 0 && <span className="flag"> ⚑ {t('visits.flagged')}</span>}
                </span>
                <span data-sync={visit.sync} title={visit.sync === 'sent-cancelled' ? t('visits.sentCancelledNote') : undefined}>
                  {t(`visits.syncState.${visit.sync}`)}
                </span>
              </div>
              {visit.sync === 'sent-cancelled' && (
                <p className="visit-note" data-testid="visit-sent-cancelled-note">
                  {t('visits.sentCancelledNote')}
                </p>
              )}
              <div className="visit-actions">
                <button type="button" className="small" onClick={() => onReprint(visit.visitId)} disabled={visit.status === 'cancelled'} data-testid="visit-reprint">
                  {t('visits.reprint')}
                </button>
                {visit.status !== 'cancelled' && (
                  <>
                    <button type="button" className="small" onClick={() => onAction({ kind: 'edit', visit })} data-testid="visit-edit">
                      {t('visits.edit')}
                    </button>
                    <button type="button" className="small" onClick={() => onAction({ kind: 'cancel', visit })} data-testid="visit-cancel">
                      {t('visits.cancel')}
                    </button>
                  </>
                )}
                {visit.status === 'skipped' && (
                  <button type="button" className="small" onClick={() => onRecall(visit.visitId)} data-testid="visit-recall">
                    {t('visits.recall')}
                  </button>
                )}
                {visit.sync === 'dead' && (
                  <button type="button" className="small" onClick={() => void client.request('visits.retry', { visitId: visit.visitId }).then(reload)} data-testid={`visit-retry-${visit.visitId}`}>
                    {t('visits.retry')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
