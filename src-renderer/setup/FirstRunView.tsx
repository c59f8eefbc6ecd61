import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/error-text';
import type { AppInfo } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { RestoreBackup } from './RestoreBackup';
import { SetupWizard } from './SetupWizard';

/**
 * A production installation nobody has set up: set it up for the facility (gateway account, staff,
 * reader…), or try the app with simulated cards first. Nothing here is a demo until "try it" is chosen.
 */
export function FirstRunView({ client, host, onConfigured }: { client: ContractClient; host: AppInfo['host']; onConfigured: () => void }) {
  const { t, i18n } = useTranslation();
  const [configuring, setConfiguring] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const tryDemo = async () => {
    try {
      await client.request('app.setMode', { mode: 'demo' });
    } catch (failure) {
      setError(errorText(failure, i18n.language));
    }
  };

  // Finishing boots the core again on the new configuration (gateway, certificate, roster).
  const finish = async () => {
    await client.request('app.restart', {});
    onConfigured();
  };

  if (configuring) {
    return (
      <div className="first-run-settings" data-testid="setup">
        <SetupWizard client={client} host={host} onDone={() => void finish()} onBack={() => setConfiguring(false)} />
      </div>
    );
  }
  return (
    <section className="panel first-run" aria-labelledby="setup-title" data-testid="setup">
      <h2 id="setup-title">{t('setup.title')}</h2>
      <p>{t('setup.intro')}</p>
      <div className="first-run-choices">
        <div className="first-run-choice">
          <h3>{t('setup.configureTitle')}</h3>
          <p className="muted">{t('setup.configureText')}</p>
          <button type="button" className="primary big" onClick={() => setConfiguring(true)} data-testid="setup-configure">
            {t('setup.configure')}
          </button>
        </div>
        <div className="first-run-choice">
          <h3>{t('setup.demoTitle')}</h3>
          <p className="muted">{t('setup.demoText')}</p>
          <button type="button" className="big" onClick={() => void tryDemo()} data-testid="setup-try-demo">
            {t('setup.tryDemo')}
          </button>
        </div>
        <RestoreBackup client={client} host={host} />
      </div>
      {error && (
        <p role="alert" className="tone-danger">
          {error}
        </p>
      )}
    </section>
  );
}
