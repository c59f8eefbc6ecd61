import { useTranslation } from 'react-i18next';
import type { RecoveryReason } from '../../src-main/contract';

/**
 * Shown by the host when its core cannot run; it asks nothing of the core. Closing the desktop window
 * restarts the app (the main process relaunches after a failure); in a browser the page is loaded again.
 */
export function RecoveryView({ reason }: { reason: RecoveryReason }) {
  const { t } = useTranslation();
  const restart = () => {
    window.close();
    location.replace('/');
  };
  return (
    <div className="app">
      <main className="content">
        <section className="panel recovery" role="alert" data-testid="recovery" data-reason={reason}>
          <h1>{t('recovery.title')}</h1>
          <p>{t(`recovery.${reason}`)}</p>
          <p className="muted">{t('recovery.logs')}</p>
          <button type="button" className="primary" onClick={restart} data-testid="recovery-restart">
            {t('recovery.restart')}
          </button>
        </section>
      </main>
    </div>
  );
}
