import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { DeskView } from '../desk/DeskView';
import { DisplayView } from '../display/DisplayView';
import { KioskView } from '../kiosk/KioskView';
import { SettingsView } from '../settings/SettingsView';
import { FirstRunView } from '../setup/FirstRunView';
import { TicketPrintView } from '../ticket/TicketPrintView';
import { CurrentOperator, OperatorPicker, useOperator } from './OperatorBar';
import { ReaderPanel } from './ReaderPanel';
import { RecoveryView } from './RecoveryView';
import { useRequest } from './useCore';
import { useRoute } from './useRoute';

const languages: Language[] = ['vi', 'en'];

export function App({ client }: { client: ContractClient }) {
  const { t, i18n } = useTranslation();
  const [info, reloadInfo] = useRequest(client, 'app.info', {});
  const demo = info.state === 'ready' && info.value.mode === 'demo';
  const setupRequired = info.state === 'ready' && info.value.setupRequired;
  const route = useRoute();
  const [showSettings, setShowSettings] = useState(false);
  const [settings] = useRequest(client, 'settings.get', {});
  const { operator, signIn, signOut } = useOperator(client);
  // Entering or leaving demo boots another core behind the same host: start the UI over on it.
  useEffect(() => client.on('app.restarted', () => window.location.reload()), [client]);
  if (route.view === 'recovery') return <RecoveryView reason={route.reason} />;
  if (route.view === 'kiosk') return <KioskView client={client} demo={demo} />;
  if (route.view === 'display') return <DisplayView client={client} demo={demo} />;
  if (route.view === 'ticket') return <TicketPrintView client={client} visitId={route.visitId} demo={demo} />;

  const picking = operator === null && settings.state === 'ready';
  const onDesk = !(setupRequired && info.state === 'ready') && !showSettings && !picking;

  const switchLanguage = async (language: Language) => {
    await i18n.changeLanguage(language);
    document.documentElement.lang = language;
    await client.request('settings.set', { language }).catch(() => undefined);
  };

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          {demo && (
            <span className="demo-badge" data-testid="demo-marker" title={t('app.demoExplained')}>
              DEMO
            </span>
          )}
        </div>
        <div className="topbar-meta">
          {operator && !demo && <CurrentOperator operator={operator} onSwitch={() => void signOut()} />}
          {info.state === 'ready' && (
            <span data-testid="app-version" data-version={info.value.version}>
              {t('app.version', { version: info.value.version })} · {t(`app.host.${info.value.host}`)}
            </span>
          )}
          <button type="button" className="topbar-button" onClick={() => setShowSettings(!showSettings)} aria-pressed={showSettings} data-testid="settings-toggle">
            {showSettings ? t('settings.close') : t('settings.open')}
          </button>
          <label className="language">
            <span>{t('app.language')}</span>
            <select data-testid="language-select" value={i18n.language} onChange={(event) => void switchLanguage(event.target.value as Language)}>
              {languages.map((language) => (
                <option key={language} value={language}>
                  {t(`languages.${language}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      {info.state === 'ready' && info.value.notices.includes('settings-restored') && (
        <p className="notice" role="status" data-testid="settings-restored">
          {t('app.settingsRestored')}
        </p>
      )}
      <main className={onDesk ? 'content content-desk' : 'content'}>
        {setupRequired && info.state === 'ready' ? (
          <FirstRunView client={client} host={info.value.host} onConfigured={reloadInfo} />
        ) : showSettings ? (
          <SettingsView client={client} demo={demo} />
        ) : picking ? (
          <OperatorPicker roster={settings.value.operators} onPick={(idNumber) => void signIn(idNumber)} />
        ) : (
          <DeskView client={client} demo={demo} />
        )}
        {/* The desk shows the readers in its own strip. */}
        {!onDesk && <ReaderPanel client={client} />}
      </main>
    </div>
  );
}
