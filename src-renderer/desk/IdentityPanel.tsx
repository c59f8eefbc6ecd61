import { useTranslation } from 'react-i18next';
import type { ReadState } from './read-state';

export function IdentityPanel({ read }: { read: ReadState }) {
  const { t } = useTranslation();
  const identity = read.identity;
  if (!identity) return null;
  const holder = identity.holder;
  const name = holder?.fullName ?? `${identity.mrz.surname} ${identity.mrz.givenNames}`.trim();
  const rows: [string, string | null | undefined][] = holder
    ? [
        ['idNumber', holder.idNumber],
        ['dateOfBirth', holder.dateOfBirth],
        ['sex', holder.sex],
        ['nationality', holder.nationality],
        ['placeOfResidence', holder.placeOfResidence],
        ['placeOfOrigin', holder.placeOfOrigin],
        ['dateOfIssue', holder.dateOfIssue],
        ['dateOfExpiry', holder.dateOfExpiry],
      ]
    : [
        ['documentNumber', identity.mrz.documentNumber],
        ['dateOfBirth', mrzDate(identity.mrz.dateOfBirth)],
        ['sex', identity.mrz.sex],
        ['nationality', identity.mrz.nationality],
        ['dateOfExpiry', mrzDate(identity.mrz.dateOfExpiry)],
      ];
  return (
    <section className="panel identity" aria-labelledby="identity-title">
      <div className="photo-frame">
        {read.photo ? (
          <img src={read.photo} alt={t('identity.photoAlt')} data-testid="holder-photo" />
        ) : read.photoUnavailable ? (
          <div className="photo-placeholder" data-testid="photo-unavailable">
            {t('identity.photoUnavailable')}
          </div>
        ) : (
          <div className="photo-placeholder">{t('identity.photoPending')}</div>
        )}
      </div>
      <div className="identity-text">
        <div className="identity-head">
          <h2 id="identity-title" className="holder-name" data-testid="holder-name">
            {name}
          </h2>
          <p className="muted">
            {t(`identity.document.${identity.documentType}`)} · {identity.access}
          </p>
        </div>
        {holder && isExpired(holder.dateOfExpiry, new Date()) && (
          <p className="prompt" role="status" data-testid="id-expired">
            {t('identity.expired', { date: holder.dateOfExpiry })}
          </p>
        )}
        <dl className="facts">
          {rows.map(([key, value]) => (
            <div key={key} className={key === 'placeOfResidence' ? 'fact wide' : key === 'placeOfOrigin' ? 'fact half' : 'fact'}>
              <dt>{t(`identity.field.${key}`)}</dt>
              <dd data-testid={`holder-${key}`}>{value ?? '—'}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}

/** MRZ YYMMDD as dd/mm/yyyy; the century is a guess the MRZ cannot settle, so 20xx only when plausible. */
function mrzDate(value: string): string {
  if (!/^\d{6}$/.test(value)) return value;
  const year = Number(value.slice(0, 2));
  const century = year + 2000 > new Date().getFullYear() + 20 ? 1900 : 2000;
  return `${value.slice(4, 6)}/${value.slice(2, 4)}/${century + year}`;
}

/** dd/mm/yyyy in the past; "Không thời hạn" and anything else unparseable never expires. */
export function isExpired(dateOfExpiry: string | null, today: Date): boolean {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(dateOfExpiry ?? '');
  if (!match) return false;
  const end = new Date(Number(match[3]), Number(match[2]) - 1, Number(match[1]), 23, 59, 59);
  return end < today;
}
