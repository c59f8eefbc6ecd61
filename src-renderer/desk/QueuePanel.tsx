import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NowServing, QueueSite } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';

const COUNTER_KEY = 'tiepdon.counter';

export interface QueueActions {
  callNext: () => Promise<void>;
  skip: () => Promise<void>;
  recall: (visitId?: string) => Promise<void>;
}

/**
 * Calling at this desk's counter: "call next" (the counter's patient is served, the next by priority then
 * arrival is called), skip (moved back as Settings say), recall. The counter is remembered by this PC.
 */
export function useQueue(client: ContractClient) {
  const [settings] = useRequest(client, 'settings.get', {});
  const [serving, reloadServing] = useRequest(client, 'queue.nowServing', {});
  const [stored, setStored] = useState(() => localStorage.getItem(COUNTER_KEY) ?? '');
  const [message, setMessage] = useState<string | null>(null);
  // Calling from the site's shared queue, or alone from this PC while the site store is away.
  const [site, setSite] = useState<QueueSite['site']>('none');
  const { t } = useTranslation();
  const value = settings.state === 'ready' ? settings.value : null;
  const codes = value ? [...new Set(value.services.map((service) => service.counter))] : [];
  const counter = codes.includes(stored) ? stored : (codes[0] ?? '');
  const names = new Map(value?.counters.map((entry) => [entry.code, entry.name]) ?? []);
  const current: NowServing | null = serving.state === 'ready' ? (serving.value.find((entry) => entry.counter === counter) ?? null) : null;

  useEffect(() => client.on('visits.changed', reloadServing), [client, reloadServing]);
  useEffect(() => client.on('queue.called', reloadServing), [client, reloadServing]);
  useEffect(() => {
    void client.request('queue.siteState', {}).then((state) => setSite(state.site)).catch(() => undefined);
    return client.on('queue.site', (state) => setSite(state.site));
  }, [client]);

  const choose = (code: string) => {
    localStorage.setItem(COUNTER_KEY, code);
    setStored(code);
  };
  const attempt = useCallback(async (work: () => Promise<string | null>) => {
    try {
      setMessage(await work());
    } catch (error) {
      setMessage((error as Error).message);
    }
    reloadServing();
  }, [reloadServing]);
  const actions: QueueActions = {
    callNext: () => attempt(async () => ((await client.request('queue.callNext', { counter })).called ? null : t('queue.nobody'))),
    skip: () =>
      attempt(async () => {
        const { skipped } = await client.request('queue.skip', { counter });
        return skipped && value ? t('queue.skipped', { number: skipped.queueNumber, places: value.queueSkipPlaces }) : t('queue.notCalling');
      }),
    recall: (visitId) => attempt(async () => ((await client.request('queue.recall', { counter, ...(visitId ? { visitId } : {}) })).called ? null : t('queue.notCalling'))),
  };
  return { counter, codes, names, current, message, site, choose, actions };
}

export function QueuePanel({ queue }: { queue: ReturnType<typeof useQueue> }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const { counter, codes, names, current, message, site, choose, actions } = queue;
  return (
    <section className="panel call-next" aria-labelledby="call-title" data-testid="queue-panel">
      <h2 id="call-title">{t('queue.title')}</h2>
      <label>
        <span>{t('queue.counter')}</span>
        <select value={counter} onChange={(event) => choose(event.target.value)} data-testid="queue-counter">
          {codes.map((code) => (
            <option key={code} value={code}>
              {names.get(code)?.[language] ?? code} ({code})
            </option>
          ))}
        </select>
      </label>
      <p className="now-calling" aria-live="polite">
        <span className="muted">{t('queue.calling')}: </span>
        {current ? (
          <>
            <strong data-testid="called-number">{current.queueNumber}</strong>
            {current.callCount > 1 && <span className="muted" data-testid="called-count" data-count={current.callCount}> · {t('queue.callCount', { count: current.callCount })}</span>}
          </>
        ) : (
          <span className="muted" data-testid="called-none">{t('queue.notCalling')}</span>
        )}
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void actions.callNext()} disabled={!counter} data-testid="call-next">
          {t('queue.callNext')} <kbd>F4</kbd>
        </button>
        <button type="button" onClick={() => void actions.skip()} disabled={!current} data-testid="queue-skip">
          {t('queue.skip')} <kbd>Alt+B</kbd>
        </button>
        <button type="button" onClick={() => void actions.recall()} disabled={!current} data-testid="queue-recall">
          {t('queue.recall')} <kbd>Alt+G</kbd>
        </button>
      </div>
      {site !== 'none' && (
        <p className={site === 'lost' ? 'banner banner-degraded' : 'hint'} role={site === 'lost' ? 'alert' : undefined} data-testid="queue-site" data-site={site}>
          {site === 'lost' ? t('queue.siteLost') : t('queue.siteConnected')}
        </p>
      )}
      {message && (
        <p className="muted" role="status" data-testid="queue-message">
          {message}
        </p>
      )}
    </section>
  );
}
