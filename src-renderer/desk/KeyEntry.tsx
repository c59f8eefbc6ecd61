import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessKey } from '../../src-main/contract';

/**
 * What staff type when there is no QR to scan: the CAN (last 6 digits of the ID) or the 12-digit ID with
 * the date of birth. Enter reads the card on the reader.
 */
export function KeyEntry({ onRead, disabled, initialId = '', initialDob = '' }: { onRead: (key: AccessKey) => void; disabled: boolean; initialId?: string; initialDob?: string }) {
  const { t } = useTranslation();
  const [idNumber, setIdNumber] = useState(initialId);
  const [dateOfBirth, setDateOfBirth] = useState(initialDob);
  const idValid = /^\d{12}$/.test(idNumber);
  const canOnly = /^\d{6}$/.test(idNumber);
  const dobValid = /^\d{2}\/\d{2}\/\d{4}$/.test(dateOfBirth);
  const ready = canOnly || (idValid && dobValid);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    onRead(canOnly ? { kind: 'can', can: idNumber } : { kind: 'id-dob', idNumber, dateOfBirth });
  };

  return (
    <form className="panel key-entry" onSubmit={submit} aria-labelledby="key-title">
      <h2 id="key-title" title={t('key.hint')}>
        {t('key.title')}
      </h2>
      <div className="row">
        <label>
          <span className="sr-only">{t('key.idNumber')}</span>
          <input inputMode="numeric" autoComplete="off" placeholder={t('key.idNumber')} value={idNumber} maxLength={12} onChange={(e) => setIdNumber(e.target.value.replace(/\D/g, ''))} data-testid="key-id" />
        </label>
        <label>
          <span className="sr-only">{t('key.dateOfBirth')}</span>
          <input placeholder={`${t('key.dateOfBirth')} (dd/mm/yyyy)`} autoComplete="off" value={dateOfBirth} maxLength={10} onChange={(e) => setDateOfBirth(e.target.value)} disabled={canOnly} data-testid="key-dob" />
        </label>
        <button type="submit" disabled={!ready || disabled} data-testid="key-read">
          {t('key.read')}
        </button>
      </div>
    </form>
  );
}
