import { useEffect, useState } from 'react';
import type { QueueSite } from '../../src-main/contract';
import { useTranslation } from 'react-i18next';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';

/** "Gọi số tiếp theo": the next waiting number at a counter, shown at once on the waiting-room display. */
export function CallNext({ client }: { client: ContractClient }) {
  const { t } = useTranslation();
  const [services] = useRequest(client, 'services.list', {});
  const counters = services.state === 'ready' ? [...new Set(services.value.map((service) => service.counter))] : [];
  const [counter, setCounter] = useState<string>('');
  const [last, setLast] = useState<string | null>(null);
  const [site, setSite] = useState<QueueSite['site']>('none');
  useEffect(() => {
    void client.request('queue.siteState', {}).then((state) => setSite(state.site)).catch(() => undefined);
    return client.on('queue.site', (state) => setSite(state.site));
  }, [client]);
  const chosen = counter || counters[0] || '';
  const call = async () => {
    const { called } = await client.request('queue.callNext', { counter: chosen });
    setLast(called ? called.queueNumber : t('queue.nobody'));
  };
  return (
    <section className="panel call-next" aria-labelledby="call-title">
      <h2 id="call-title">{t('queue.title')}</h2>
      <div className="row">
        <select value={chosen} onChange={(event) => setCounter(event.target.value)} aria-label={t('queue.counter')}>
          {counters.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void call()} disabled={!chosen} data-testid="call-next">
          {t('queue.callNext')}
        </button>
      </div>
      {site !== 'none' && (
        <p className={site === 'lost' ? 'banner banner-degraded' : 'hint'} role={site === 'lost' ? 'alert' : undefined} data-testid="queue-site" data-site={site}>
          {site === 'lost' ? t('queue.siteLost') : t('queue.siteConnected')}
        </p>
      )}
      {last && (
        <p data-testid="called-number" aria-live="polite">
          {last}
        </p>
      )}
    </section>
  );
}
