import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings, SettingsPatch } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';
import { AuditSection, CertificateSection } from './AdminSections';
import { BackupSection } from './BackupSection';
import { HisSection } from './HisSection';
import { SiteSection } from './SiteSection';
import { TrustSection } from './TrustSection';
import { vnDateTime } from './when';

/** The roster as edited here: "Họ tên: CCCD" per line. */
function rosterOf(text: string): Settings['operators'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(':');
      return { fullName: line.slice(0, Math.max(at, 0)).trim(), idNumber: line.slice(at + 1).trim() };
    });
}

/** The counters as edited here: "P101: Phòng 101 | Room 101" per line (no English name: the Vietnamese one). */
function countersOf(text: string): Settings['counters'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(':');
      const [vi = '', en = ''] = line.slice(at + 1).split('|').map((part) => part.trim());
      return { code: line.slice(0, Math.max(at, 0)).trim(), name: { vi, en: en || vi } };
    });
}

/** The administrator's settings: gateway account (password write-only), staff, readers, services, trust. */
export function SettingsView({ client, demo = false }: { client: ContractClient; demo?: boolean }) {
  const { t, i18n } = useTranslation();
  const [settings, reload] = useRequest(client, 'settings.get', {});
  const [readers] = useRequest(client, 'readers.list', {});
  const [lastPurge] = useRequest(client, 'retention.last', {});
  const [info] = useRequest(client, 'app.info', {});
  const [message, setMessage] = useState<string | null>(null);
  // Once set, the administrator's PIN authorizes every change here, the trust imports included.
  const [adminPin, setAdminPin] = useState('');

  if (settings.state !== 'ready') return null;
  const value: Settings = settings.value;

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const patch: SettingsPatch = {
      gateway: { url: text('gatewayUrl') || null, username: text('gatewayUsername') || null, checkInTable: text('checkInTable') === 'qd4750' ? 'qd4750' : 'qd3176' },
      operators: rosterOf(text('operators')),
      preferredReader: text('reader') || null,
      stationCode: text('stationCode'),
      retentionDays: Number(text('retentionDays')),
      retentionQuietHour: text('retentionQuietHour'),
      storePhotos: form.get('storePhotos') === 'on',
      kiosk: { idleSeconds: Number(text('kioskIdle')) },
      counters: countersOf(text('counters')),
      queueSkipPlaces: Number(text('queueSkipPlaces')),
      display: {
        counters: text('displayCounters').split(/[\s,]+/).filter(Boolean),
        services: form.getAll('displayServices').map(String),
        recent: Number(text('displayRecent')),
      },
    };
    if (text('gatewayPassword')) patch.gatewayPassword = text('gatewayPassword');
    if (adminPin) patch.adminPin = adminPin;
    if (text('kioskPin')) patch.kioskPin = text('kioskPin');
    try {
      await client.request('settings.set', patch);
      setMessage(t('settings.saved'));
      reload();
      // The gateway account, station and roster are the core's wiring: it starts again on them.
      if (!demo) await client.request('app.restart', {});
    } catch (error) {
      setMessage(`${t('settings.invalid')} ${(error as Error).message}`);
    }
  };

  return (
    <section className="panel settings" aria-labelledby="settings-title" data-testid="settings">
      <h2 id="settings-title">{t('settings.title')}</h2>
      {demo && (
        <div className="panel tone-warn" data-testid="demo-settings">
          <p>{t('settings.demoNotice')}</p>
          <button type="button" onClick={() => void client.request('app.setMode', { mode: 'production' })} data-testid="leave-demo">
            {t('settings.leaveDemo')}
          </button>
        </div>
      )}
      {value.adminPinSet && (
        <label className="admin-pin">
          <span>{t('settings.adminPin')}</span>
          <input type="password" inputMode="numeric" maxLength={8} autoComplete="off" value={adminPin} onChange={(event) => setAdminPin(event.target.value)} data-testid="settings-admin-pin" />
        </label>
      )}
      <form onSubmit={(event) => void save(event)} className="settings-grid">
        <fieldset>
          <legend>{t('settings.gateway')}</legend>
          <label>
            <span>{t('settings.gatewayUrl')}</span>
            <input name="gatewayUrl" type="url" defaultValue={value.gateway.url ?? ''} placeholder="https://egw.baohiemxahoi.gov.vn" />
          </label>
          <label>
            <span>{t('settings.gatewayUsername')}</span>
            <input name="gatewayUsername" defaultValue={value.gateway.username ?? ''} placeholder="01001_BV" />
          </label>
          <label>
            <span>{t('settings.gatewayPassword')}</span>
            <input name="gatewayPassword" type="password" autoComplete="new-password" placeholder={value.gateway.passwordSet ? t('settings.passwordStored') : ''} data-testid="settings-password" />
          </label>
          <label>
            <span>{t('settings.checkInTable')}</span>
            <select name="checkInTable" defaultValue={value.gateway.checkInTable}>
              <option value="qd3176">{t('settings.checkInTableQd3176')}</option>
              <option value="qd4750">{t('settings.checkInTableQd4750')}</option>
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('settings.staff')}</legend>
          <label>
            <span>{t('settings.roster')}</span>
            <textarea name="operators" rows={4} defaultValue={value.operators.map((operator) => `${operator.fullName}: ${operator.idNumber}`).join('\n')} data-testid="settings-roster" />
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('settings.desk')}</legend>
          <label>
            <span>{t('settings.reader')}</span>
            <select name="reader" defaultValue={value.preferredReader ?? ''}>
              <option value="">{t('settings.readerAuto')}</option>
              {readers.state === 'ready' &&
                readers.value.readers.map((reader) => (
                  <option key={reader.name} value={reader.name}>
                    {reader.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            <span>{t('settings.stationCode')}</span>
            <input name="stationCode" defaultValue={value.stationCode} maxLength={2} />
          </label>
          <label>
            <span>{t('settings.retentionDays')}</span>
            <input name="retentionDays" type="number" min={1} max={3650} defaultValue={value.retentionDays} />
          </label>
          <label>
            <span>{t('settings.retentionQuietHour')}</span>
            <input name="retentionQuietHour" type="time" defaultValue={value.retentionQuietHour} />
          </label>
          <p className="muted" data-testid="retention-last">
            {lastPurge.state === 'ready' && lastPurge.value
              ? t('settings.retentionLast', { at: vnDateTime(lastPurge.value.at), visits: lastPurge.value.visits, patients: lastPurge.value.patients, heldBack: lastPurge.value.heldBack })
              : t('settings.retentionNever')}
          </p>
          <label className="inline">
            <input name="storePhotos" type="checkbox" defaultChecked={value.storePhotos} />
            <span>{t('settings.storePhotos')}</span>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('settings.counters')}</legend>
          <label>
            <span className="muted">{t('settings.countersHelp')}</span>
            <textarea name="counters" rows={5} defaultValue={value.counters.map((counter) => `${counter.code}: ${counter.name.vi} | ${counter.name.en}`).join('\n')} data-testid="settings-counters" />
          </label>
          <label>
            <span>{t('settings.skipPlaces')}</span>
            <input name="queueSkipPlaces" type="number" min={1} max={20} defaultValue={value.queueSkipPlaces} data-testid="settings-skip-places" />
          </label>
        </fieldset>
        <fieldset data-testid="settings-display">
          <legend>{t('settings.display')}</legend>
          <label>
            <span>{t('settings.displayCounters')}</span>
            <input name="displayCounters" defaultValue={value.display.counters.join(', ')} placeholder={t('settings.displayAll')} data-testid="settings-display-counters" />
          </label>
          <span className="muted">{t('settings.displayServices')}</span>
          <div className="row">
            {value.services.map((service) => (
              <label className="inline" key={service.code}>
                <input type="checkbox" name="displayServices" value={service.code} defaultChecked={value.display.services.includes(service.code)} />
                <span>{service.name[i18n.language === 'en' ? 'en' : 'vi']}</span>
              </label>
            ))}
          </div>
          <label>
            <span>{t('settings.displayRecent')}</span>
            <input name="displayRecent" type="number" min={0} max={10} defaultValue={value.display.recent} data-testid="settings-display-recent" />
          </label>
          <p className="muted">{t('settings.displayHelp')}</p>
        </fieldset>
        <fieldset>
          <legend>{t('settings.kiosk')}</legend>
          <label>
            <span>{t('settings.kioskIdle')}</span>
            <input name="kioskIdle" type="number" min={10} max={300} defaultValue={value.kiosk.idleSeconds} />
          </label>
          <label>
            <span>{t('settings.kioskPin')}</span>
            <input name="kioskPin" type="password" inputMode="numeric" autoComplete="new-password" placeholder={value.kiosk.pinSet ? t('settings.passwordStored') : ''} />
          </label>
        </fieldset>
        <div className="row">
          <button type="submit">{t('settings.save')}</button>
          {message && <span role="status">{message}</span>}
        </div>
      </form>
      {info.state === 'ready' && !demo && <CertificateSection client={client} host={info.value.host} current={value.certificate} adminPin={adminPin} />}
      {info.state === 'ready' && <SiteSection client={client} info={info.value} site={value.site} stationCode={value.stationCode} adminPin={() => adminPin || undefined} />}
      {info.state === 'ready' && <TrustSection client={client} host={info.value.host} adminPin={() => adminPin || undefined} />}
      <HisSection client={client} current={value.his} adminPin={() => adminPin || undefined} />
      <AuditSection client={client} adminPin={adminPin} />
      <BackupSection client={client} adminPin={() => adminPin || undefined} />
    </section>
  );
}
