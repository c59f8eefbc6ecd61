import { useTranslation } from 'react-i18next';
import type { Eligibility } from '../../src-main/contract';

const TONE: Record<Eligibility['status'], 'ok' | 'warn' | 'danger'> = {
  eligible: 'ok',
  'eligible-new-card': 'ok',
  'verify-paper-card': 'warn',
  'needs-correction': 'warn',
  'not-eligible': 'danger',
  'child-no-card': 'warn',
  configuration: 'danger',
  technical: 'warn',
  pending: 'warn',
};

/** yyyy-mm-dd from the gateway client as dd/mm/yyyy, the way every form in Vietnam writes dates. */
function date(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

export function EligibilityPanel({ eligibility }: { eligibility: Eligibility | null }) {
  const { t } = useTranslation();
  if (!eligibility) {
    return (
      <section className="panel eligibility">
        <p className="muted">{t('eligibility.checking')}</p>
      </section>
    );
  }
  const card = eligibility.card;
  return (
    <section className={`panel eligibility tone-${TONE[eligibility.status]}`} aria-live="polite">
      <p className="verdict" data-testid="eligibility-status" data-status={eligibility.status}>
        <strong>{t(`eligibility.status.${eligibility.status}`)}</strong>
        {eligibility.code ? <span className="muted"> ({eligibility.code})</span> : null}
      </p>
      <p className="gateway-message">{eligibility.message}</p>
      {card && (
        <dl className="facts">
          <div className="fact">
            <dt>{t('eligibility.field.maThe')}</dt>
            <dd data-testid="bhyt-code">{card.maThe}</dd>
          </div>
          <div className="fact">
            <dt>{t('eligibility.field.benefit')}</dt>
            <dd>{card.coveragePercent !== null ? t('eligibility.benefit', { level: card.benefitLevel, percent: card.coveragePercent }) : '—'}</dd>
          </div>
          <div className="fact">
            <dt>{t('eligibility.field.validity')}</dt>
            <dd>
              {date(card.validFrom)} – {date(card.validTo)}
            </dd>
          </div>
          <div className="fact">
            <dt>{t('eligibility.field.maDKBD')}</dt>
            <dd>{card.maDKBD ?? '—'}</dd>
          </div>
          <div className="fact">
            <dt>{t('eligibility.field.fiveYears')}</dt>
            <dd>{date(card.fiveYearsFrom)}</dd>
          </div>
        </dl>
      )}
      {eligibility.newCard && <p className="prompt">{t('eligibility.newCard', { code: eligibility.newCard.maThe })}</p>}
      {eligibility.correction && (
        <p className="prompt">{t('eligibility.correction', { field: eligibility.correction.field, value: eligibility.correction.gatewayValue ?? '—' })}</p>
      )}
    </section>
  );
}
