import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Connectivity } from '../../src-main/contract';
import type { ContractClient } from '../api/client';

/** Shown whenever the gateway is not answering well: check-in goes on, reports wait in the queue. */
export function SyncBanner({ client }: { client: ContractClient }) {
  const { t } = useTranslation();
  const [state, setState] = useState<Connectivity | null>(null);
  useEffect(() => {
    void client.request('sync.state', {}).then(setState).catch(() => undefined);
    return client.on('sync.changed', setState);
  }, [client]);
  if (!state || state.connectivity === 'online') return null;
  return (
    <div className={`banner banner-${state.connectivity}`} role="status" data-testid="offline-banner" data-pending={state.pending}>
      {t(`sync.${state.connectivity}`, { count: state.pending })}
      {state.dead > 0 && <span> · {t('sync.dead', { count: state.dead })}</span>}
      <button type="button" className="small" onClick={() => void client.request('sync.flush', {}).then(setState)} data-testid="sync-flush">
        {t('sync.flush')}
      </button>
    </div>
  );
}
