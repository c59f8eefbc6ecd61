import { useTranslation } from 'react-i18next';
import type { Language } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { DeskView } from '../desk/DeskView';
import { ReaderPanel } from './ReaderPanel';
import { useRequest } from './useCore';

const languages: Language[] = ['vi', 'en'];

export function App({ client }: { client: ContractClient }) {
  const { t, i18n } = useTranslation();
  const [info] = useRequest(client, 'app.info', {});
  const demo = info.state === 'ready' && info.value.demoMode;

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
          {info.state === 'ready' && (
            <span data-testid="app-version" data-version={info.value.version}>
              {t('app.version', { version: info.value.version })} · {t(`app.host.${info.value.host}`)}
            </span>
          )}
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
      <main className="content">
        <DeskView client={client} demo={demo} />
        <ReaderPanel client={client} />
      </main>
    </div>
  );
}
