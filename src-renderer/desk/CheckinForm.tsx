import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/error-text';
import { noPriority, type CheckInFormResult, type Priority, type ServiceInfo } from '../../src-main/contract';
import type { ManualEntry } from './ManualIdentity';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';
import { isTyping } from './shortcuts';
import { PriorityFields, VisitTypeSelect } from './VisitFields';

const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;

/**
 * The visit details and the confirm button, keyboard first: a digit picks the clinic (arrows move it),
 * Enter confirms, Esc clears the current patient. The lane defaults to BHYT when the gateway said the
 * card is good.
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
  const [chosen, setChosen] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const picker = useRef<HTMLDivElement>(null);
  const list: ServiceInfo[] = services.state === 'ready' ? services.value.filter((service) => service.lanes.includes(lane)) : [];
  const service = list[Math.min(chosen, list.length - 1)];

  // The patient's card is read: the clinic choice has the focus, so the next key is a digit or Enter.
  useEffect(() => {
    if (!isTyping(document.activeElement) && !document.querySelector('[aria-modal="true"]')) picker.current?.focus();
  }, [readId, manual]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target) || document.querySelector('[aria-modal="true"]')) return;
      const digit = /^[1-9]$/.test(event.key) ? Number(event.key) : null;
      if (digit !== null && digit <= list.length) {
        event.preventDefault();
        setChosen(digit - 1);
      } else if (event.key === 'ArrowRight' || event.key === 'ArrowDown' || event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
        if (event.target instanceof HTMLInputElement) return;
        event.preventDefault();
        const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : -1;
        setChosen((index) => (Math.min(index, list.length - 1) + step + list.length) % Math.max(list.length, 1));
      } else if (event.key === 'Enter' && (!(event.target instanceof HTMLButtonElement) || event.target.classList.contains('service-choice'))) {
        event.preventDefault();
        form.current?.requestSubmit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list.length]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || blocked || !service) return;
    const data = new FormData(event.currentTarget);
    const height = String(data.get('height') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const response = await client.request('checkin.create', {
        readId,
        manual,
        serviceCode: service.code,
        lane,
        visitType: String(data.get('visitType')) as 'first-visit',
        reason: String(data.get('reason') ?? '').trim(),
        heightCm: height ? Number(height) : null,
        bloodGroup: (String(data.get('bloodGroup')) || null) as null,
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
    <form ref={form} className="panel checkin-form" onSubmit={(event) => void submit(event)} aria-labelledby="checkin-title" data-testid="checkin-form">
      <div className="checkin-head">
        <h2 id="checkin-title">{t('checkin.title')}</h2>
        <span className="muted" data-testid="checkin-provenance" data-provenance={provenance}>
          {t('checkin.provenance')}: <strong>{t(`provenance.${provenance}`)}</strong>
        </span>
        <fieldset className="lanes">
          <legend className="sr-only">{t('checkin.lane')}</legend>
          {(['bhyt', 'fee'] as const).map((value) => (
            <label key={value} className="inline">
              <input type="radio" name="lane" checked={lane === value} onChange={() => setLane(value)} />
              {t(`checkin.lanes.${value}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <div
        ref={picker}
        className="service-picker"
        role="radiogroup"
        aria-label={t('checkin.service')}
        tabIndex={0}
        data-testid="checkin-service"
        data-value={service?.code ?? ''}
      >
        {list.map((candidate, index) => (
          <button
            key={candidate.code}
            type="button"
            role="radio"
            aria-checked={candidate === service}
            tabIndex={-1}
            className={candidate === service ? 'service-choice chosen' : 'service-choice'}
            onClick={() => setChosen(index)}
            data-testid={`checkin-service-${candidate.code}`}
          >
            {index < 9 && <kbd>{index + 1}</kbd>} {candidate.name[language]} <span className="muted">({candidate.counter})</span>
          </button>
        ))}
      </div>
      <div className="row checkin-details">
        <VisitTypeSelect name="visitType" defaultValue="first-visit" />
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
      {error && (
        <p className="tone-danger" role="alert">
          {error}
        </p>
      )}
      <div className="row checkin-actions">
        <PriorityFields className="priorities" value={priority} onChange={setPriority} />
        <button type="submit" className="primary big push-right" disabled={blocked || busy || list.length === 0} data-testid="checkin-confirm">
          {secondVisit ? t('checkin.confirmSecond') : t('checkin.confirm')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('checkin.cancel')}
        </button>
      </div>
    </form>
  );
}
