import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Connectivity } from '../../src-main/contract';
import type { ContractClient } from '../api/client';

/** A station of a hospital site that cannot reach the site store says so: it numbers and keeps visits itself meanwhile. */
export function SiteBanner({ client }: { client: ContractClient }) {
  const { t } = useTranslation();
  const [site, setSite] = useState<Connectivity['site'] | null>(null);
  useEffect(() => {
    const take = (state: Connectivity) => setSite(state.site ?? null);
    void client.request('sync.state', {}).then(take).catch(() => undefined);
    return client.on('sync.changed', take);
  }, [client]);
  if (!site || (site.reachability !== 'unreachable' && site.reachability !== 'refused')) return null;
  return (
    <div className={`banner banner-${site.reachability === 'refused' ? 'offline' : 'degraded'}`} role="status" data-testid="site-banner" data-backlog={site.backlog}>
      {t(site.reachability === 'refused' ? 'site.refused' : 'site.unreachable', { count: site.backlog })}
    </div>
  );
}
