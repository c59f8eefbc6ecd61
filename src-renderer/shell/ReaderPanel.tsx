import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractClient } from '../api/client';
import { useRequest } from './useCore';

/** The readers and the PC/SC service; `compact` is the desk's one-line strip. */
export function ReaderPanel({ client, compact = false }: { client: ContractClient; compact?: boolean }) {
  const { t } = useTranslation();
  const [readers, reload] = useRequest(client, 'readers.list', {});
  useEffect(() => client.on('readers.changed', reload), [client, reload]);

  return (
    <section className={compact ? 'panel reader-strip' : 'panel'} aria-labelledby="readers-title">
      <header className="panel-header">
        <h2 id="readers-title">{t('readers.title')}</h2>
        <button type="button" onClick={reload}>
          {t('readers.refresh')}
        </button>
      </header>
      {readers.state === 'loading' && <p>{t('app.connecting')}</p>}
      {readers.state === 'failed' && <p role="alert">{t('app.coreUnavailable')}</p>}
      {readers.state === 'ready' && (
        <>
          <p className={`service service-${readers.value.service}${compact && readers.value.service === 'ok' ? ' sr-only' : ''}`} data-testid="reader-service" data-service={readers.value.service}>
            {t(`readers.service.${readers.value.service}`)}
          </p>
          {readers.value.readers.length === 0 ? (
            <p data-testid="reader-none">{t('readers.none')}</p>
          ) : (
            <ul className="reader-list" data-testid="reader-list">
              {readers.value.readers.map((reader) => (
                <li key={reader.name} data-testid="reader-item" data-card-present={reader.cardPresent}>
                  <span className="reader-name">{reader.name}</span>
                  <span className={reader.cardPresent ? 'badge badge-ok' : 'badge'}>
                    {reader.cardPresent ? t('readers.cardPresent') : t('readers.noCard')}
                  </span>
                  {reader.atr && (
                    <code className="atr" title={t('readers.atr')}>
                      {reader.atr}
                    </code>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
