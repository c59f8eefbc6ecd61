import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Verification } from '../../src-main/contract';
import { isAlarming } from './read-state';

const TONE: Record<Verification['verdict'], 'ok' | 'warn' | 'danger'> = {
  authentic: 'ok',
  'issuer-untrusted': 'warn',
  'not-verifiable': 'warn',
  'data-altered': 'danger',
  'clone-suspected': 'danger',
};

export function VerificationPanel({ verification, language }: { verification: Verification | null; language: 'vi' | 'en' }) {
  const { t } = useTranslation();
  if (!verification) {
    return (
      <section className="panel verification" aria-live="polite">
        <p className="muted">{t('verification.pending')}</p>
      </section>
    );
  }
  const checks = [
    ['passive', verification.passive],
    ['chip', verification.chip],
    ['active', verification.active],
  ] as const;
  return (
    <section className={`panel verification tone-${TONE[verification.verdict]}`} aria-live="polite">
      <p className="verdict" data-testid="verification-verdict" data-verdict={verification.verdict}>
        <strong>{t(`verification.verdict.${verification.verdict}`)}</strong> — {verification.reason[language]}
      </p>
      <p className="guidance" data-testid="verification-guidance" data-verdict={verification.verdict}>
        {t(`verification.guidance.${verification.verdict}`)}
      </p>
      <ul className="badges">
        {checks.map(([key, check]) => (
          <li key={key} className={`badge badge-${check.result}`} title={check.reason[language]} data-testid={`check-${key}`} data-result={check.result}>
            {t(`verification.check.${key}`)}: {t(`verification.result.${check.result}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A red alert that must be acknowledged before anything else on the desk can be done. */
export function VerificationAlert({ verification, language, onAcknowledge }: { verification: Verification; language: 'vi' | 'en'; onAcknowledge: () => void }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  if (!isAlarming(verification)) return null;
  return (
    <div className="alert-backdrop">
      <div className="alert" role="alertdialog" aria-modal="true" aria-labelledby="alert-title" aria-describedby="alert-text" data-testid="verification-alert">
        <h2 id="alert-title">{t(`verification.verdict.${verification.verdict}`)}</h2>
        <p id="alert-text">{verification.reason[language]}</p>
        <p data-testid="verification-alert-guidance">{t(`verification.guidance.${verification.verdict}`)}</p>
        <button ref={button} type="button" className="danger" onClick={onAcknowledge} data-testid="verification-acknowledge">
          {t('verification.acknowledge')}
        </button>
      </div>
    </div>
  );
}
