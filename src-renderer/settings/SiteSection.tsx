import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SiteMembership } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { SiteJoinForm } from '../setup/SiteJoin';
import { vnDateTime } from './when';

/**
 * Settings → "Hệ thống của bệnh viện": the site this station joined (its URL never with a password), or
 * that it works alone; joining (again) with the administrator's PIN, after which the core starts again.
 */
export function SiteSection(props: { client: ContractClient; info: AppInfo; site: SiteMembership | null; stationCode: string; adminPin: () => string | undefined }) {
  const { client, site } = props;
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [joined, setJoined] = useState<{ siteId: string; station: string } | null>(null);

  const onJoined = async (membership: SiteMembership, station: string) => {
    setJoined({ siteId: membership.siteId, station });
    setOpen(false);
    // The site link is the core's wiring: it starts again on the new membership.
    await client.request('app.restart', {});
  };

  return (
    <section aria-labelledby="site-section-title" data-testid="site-section">
      <h3 id="site-section-title">{t('siteJoin.title')}</h3>
      {site ? (
        <dl className="site-membership" data-testid="site-membership" data-joined="true">
          <dt>{t('siteJoin.siteId')}</dt>
          <dd data-testid="site-membership-id">
            {site.siteId}
            {site.demo ? ` (${t('siteJoin.demoSite')})` : ''}
          </dd>
          <dt>{t('siteJoin.address')}</dt>
          <dd data-testid="site-membership-url">{site.url}</dd>
          <dt>{t('siteJoin.station')}</dt>
          <dd data-testid="site-membership-station">{props.stationCode}</dd>
          <dt>{t('siteJoin.enrolledAt')}</dt>
          <dd>{vnDateTime(site.enrolledAt)}</dd>
        </dl>
      ) : (
        <p className="muted" data-testid="site-membership" data-joined="false">
          {t('siteJoin.aloneStatus')}
        </p>
      )}
      {joined && (
        <p className="panel tone-ok" role="status" data-testid="site-joined">
          {t('siteJoin.joinedRestart', joined)}
        </p>
      )}
      {open ? (
        <SiteJoinForm client={client} host={props.info.host} demo={props.info.mode === 'demo'} stationCode={props.stationCode} adminPin={props.adminPin} onJoined={(membership, station) => void onJoined(membership, station)} />
      ) : (
        <button type="button" onClick={() => setOpen(true)} data-testid="site-join-open">
          {t(site ? 'siteJoin.rejoin' : 'siteJoin.join')}
        </button>
      )}
    </section>
  );
}
