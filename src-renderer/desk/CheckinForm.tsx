import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/error-text';
import { noPriority, type CheckInFormResult, type Priority, type ServiceInfo } from '../../src-main/contract';
import type { ManualEntry } from './ManualIdentity';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';

const PRIORITIES: (keyof Priority)[] = ['elderly', 'childUnder6', 'disability', 'pregnancy'];
const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;

/**
 * The visit details and the confirm button. Enter confirms, Esc clears the current patient. The lane
 * defaults to BHYT when the gateway said the card is good.
 */
export function CheckinForm({
  client,
  readId,
  manual,
  provenance,
  bhytDefault,
  blocked,
  secondVisit,
  onDone,
  onCancel,
}: {
  client: ContractClient;
  readId: string | null;
  manual: ManualEntry | null;
  provenance: string;
  bhytDefault: boolean;
  blocked: boolean;
  /** The patient is already checked in today and staff chose to go on. */
  secondVisit: boolean;
  onDone: (response: CheckInFormResult) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const [services] = useRequest(client, 'services.list', {});
  const [priority, setPriority] = useState<Priority>(noPriority);
  const [lane, setLane] = useState<'bhyt' | 'fee'>(bhytDefault ? 'bhyt' : 'fee');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list: ServiceInfo[] = services.state === 'ready' ? services.value.filter((service) => service.lanes.includes(lane)) : [];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const height = String(form.get('height') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const response = await client.request('checkin.create', {
        readId,
        manual,
        serviceCode: String(form.get('service')),
        lane,
        visitType: String(form.get('visitType')) as 'first-visit',
        reason: String(form.get('reason') ?? '').trim(),
        heightCm: height ? Number(height) : null,
        bloodGroup: (String(form.get('bloodGroup')) || null) as null,
        priority,
        channel: 'desk',
        allowSecondVisit: secondVisit,
      });
      onDone(response);
    } catch (failure) {
      setError(errorText(failure, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel checkin-form" onSubmit={(event) => void submit(event)} onKeyDown={(event) => event.key === 'Escape' && onCancel()} aria-labelledby="checkin-title">
      <h2 id="checkin-title">{t('checkin.title')}</h2>
      <p className="muted" data-testid="checkin-provenance" data-provenance={provenance}>
        {t('checkin.provenance')}: <strong>{t(`provenance.${provenance}`)}</strong>
      </p>
      <div className="row">
        <fieldset className="lanes">
          <legend>{t('checkin.lane')}</legend>
          {(['bhyt', 'fee'] as const).map((value) => (
            <label key={value} className="inline">
              <input type="radio" name="lane" checked={lane === value} onChange={() => setLane(value)} />
              {t(`checkin.lanes.${value}`)}
            </label>
          ))}
        </fieldset>
        <label>
          <span>{t('checkin.service')}</span>
          <select name="service" required data-testid="checkin-service">
            {list.map((service) => (
              <option key={service.code} value={service.code}>
                {service.name[language]} ({service.counter})
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('checkin.visitType')}</span>
          <select name="visitType" defaultValue="first-visit">
            {(['first-visit', 'follow-up', 'emergency'] as const).map((value) => (
              <option key={value} value={value}>
                {t(`checkin.visitTypes.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label className="grow">
          <span>{t('checkin.reason')}</span>
          <input name="reason" maxLength={500} data-testid="checkin-reason" />
        </label>
        <label>
          <span>{t('checkin.height')}</span>
          <input name="height" type="number" min={30} max={250} className="narrow" />
        </label>
        <label>
          <span>{t('checkin.bloodGroup')}</span>
          <select name="bloodGroup" defaultValue="">
            <option value="">—</option>
            {BLOOD_GROUPS.map((group) => (
              <option key={group} value={group}>
                {group}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="row priorities">
        <legend>{t('checkin.priority')}</legend>
        {PRIORITIES.map((key) => (
          <label key={key} className="inline">
            <input type="checkbox" checked={priority[key]} onChange={(event) => setPriority({ ...priority, [key]: event.target.checked })} />
            {t(`checkin.priorities.${key}`)}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="tone-danger" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary big" disabled={blocked || busy || list.length === 0} data-testid="checkin-confirm">
          {secondVisit ? t('checkin.confirmSecond') : t('checkin.confirm')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('checkin.cancel')}
        </button>
      </div>
    </form>
  );
}
