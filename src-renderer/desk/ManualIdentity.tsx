import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScannedQr } from '../../src-main/contract';

export type ManualEntry = { idNumber: string; fullName: string; dateOfBirth: string; sex: 'Nam' | 'Nữ' | null; provenance: 'qr-only' | 'typed' | 'vneid-shown' | 'vssid-shown' };

/** Identity without a chip read: from the scanned QR, typed, or as shown in the VNeID / VssID app. */
export function ManualIdentity({ scanned, onSubmit }: { scanned: ScannedQr | null; onSubmit: (entry: ManualEntry) => void }) {
  const { t } = useTranslation();
  const [provenance, setProvenance] = useState<ManualEntry['provenance']>(scanned ? 'qr-only' : 'typed');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const sex = text('sex');
    onSubmit({ idNumber: text('idNumber'), fullName: text('fullName'), dateOfBirth: text('dateOfBirth'), sex: sex === 'Nam' || sex === 'Nữ' ? sex : null, provenance });
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="manual-title" data-testid="manual-identity">
      <h2 id="manual-title">{t('manual.title')}</h2>
      <div className="row">
        <label>
          <span>{t('identity.field.idNumber')}</span>
          <input name="idNumber" required pattern="[A-Z0-9]{6,20}" defaultValue={scanned?.idNumber ?? ''} />
        </label>
        <label className="grow">
          <span>{t('manual.fullName')}</span>
          <input name="fullName" required defaultValue={scanned?.fullName ?? ''} />
        </label>
        <label>
          <span>{t('identity.field.dateOfBirth')}</span>
          <input name="dateOfBirth" required placeholder="dd/mm/yyyy" pattern="(\d{2}/)?(\d{2}/)?\d{4}" defaultValue={scanned?.dateOfBirth ?? ''} />
        </label>
        <label>
          <span>{t('identity.field.sex')}</span>
          <select name="sex" defaultValue={scanned?.sex ?? ''}>
            <option value="">—</option>
            <option value="Nam">Nam</option>
            <option value="Nữ">Nữ</option>
          </select>
        </label>
      </div>
      <fieldset className="row">
        <legend>{t('manual.evidence')}</legend>
        {(['qr-only', 'typed', 'vneid-shown', 'vssid-shown'] as const).map((value) => (
          <label key={value} className="inline">
            <input type="radio" name="provenance" checked={provenance === value} onChange={() => setProvenance(value)} />
            {t(`provenance.${value}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit">{t('manual.continue')}</button>
    </form>
  );
}
