import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Priority, VisitRow } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';
import { PRIORITIES, PriorityFields, VisitTypeSelect } from './VisitFields';
import type { VisitAction } from './VisitsList';


/** Cancel or correct a visit from the list: a reason is required; the core names the operator in the audit log. */
export function VisitDialog({ client, action, onClose, onDone }: { client: ContractClient; action: VisitAction; onClose: () => void; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const { visit } = action;
  const [services] = useRequest(client, 'services.list', {});
  const [priority, setPriority] = useState<Priority>(() => Object.fromEntries(PRIORITIES.map((key) => [key, visit.priority.includes(key)])) as Priority);
  const [error, setError] = useState<string | null>(null);
  const reason = useRef<HTMLTextAreaElement>(null);
  useEffect(() => reason.current?.focus(), []);
  const sent = visit.sync === 'sent';
  const prefix = action.kind === 'cancel' ? 'visit-cancel' : 'visit-edit';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const why = String(data.get('why') ?? '').trim();
    if (!why) return;
    try {
      if (action.kind === 'cancel') {
        await client.request('visits.cancel', { visitId: visit.visitId, reason: why });
        onDone(t('visitCancel.done', { number: visit.queueNumber }));
        return;
      }
      const serviceCode = String(data.get('service'));
      const visitType = String(data.get('visitType')) as VisitRow['visitType'];
      const reasonForVisit = String(data.get('reasonForVisit') ?? '').trim();
      const result = await client.request('visits.correct', {
        visitId: visit.visitId,
        reason: why,
        ...(serviceCode !== visit.serviceCode ? { serviceCode } : {}),
        ...(visitType !== visit.visitType ? { visitType } : {}),
        ...(reasonForVisit ? { reasonForVisit } : {}),
        priority,
      });
      onDone(result.renumbered ? t('visitEdit.renumbered', { number: result.visit.queueNumber }) : t('visitEdit.saved', { number: result.visit.queueNumber }));
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <div className="alert-backdrop" onKeyDown={(event) => event.key === 'Escape' && (event.stopPropagation(), onClose())}>
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby={`${prefix}-title`} onSubmit={(event) => void submit(event)} data-testid={`${prefix}-dialog`}>
        <h2 id={`${prefix}-title`}>{t(action.kind === 'cancel' ? 'visitCancel.title' : 'visitEdit.title', { number: visit.queueNumber })}</h2>
        <p className="muted">
          {visit.holder?.fullName ?? t('visits.purged')} · {visit.serviceName}
        </p>
        {action.kind === 'edit' && services.state === 'ready' && (
          <div className="row">
            <label>
              <span>{t('checkin.service')}</span>
              <select name="service" defaultValue={visit.serviceCode} data-testid="visit-edit-service">
                {services.value.map((service) => (
                  <option key={service.code} value={service.code}>
                    {service.name[language]} ({service.counter})
                  </option>
                ))}
              </select>
            </label>
            <VisitTypeSelect name="visitType" defaultValue={visit.visitType} testId="visit-edit-type" />
            <label className="grow">
              <span>{t('checkin.reason')}</span>
              <input name="reasonForVisit" maxLength={500} placeholder={t('visitEdit.unchanged')} />
            </label>
            <PriorityFields className="row priorities" value={priority} onChange={setPriority} />
          </div>
        )}
        <label>
          <span>{t(action.kind === 'cancel' ? 'visitCancel.reason' : 'visitEdit.reason')}</span>
          <textarea ref={reason} name="why" required maxLength={500} rows={2} data-testid={`${prefix}-reason`} />
        </label>
        <p className={sent ? 'tone-warn note' : 'muted'} data-testid={`${prefix}-note`}>
          {action.kind === 'cancel' ? (sent ? t('visits.sentCancelledNote') : t('visitCancel.queuedNote')) : sent ? t('visitEdit.sentNote') : t('visitEdit.queuedNote')}
        </p>
        {error && (
          <p className="tone-danger" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className={action.kind === 'cancel' ? 'danger' : 'primary'} data-testid={`${prefix}-confirm`}>
            {t(action.kind === 'cancel' ? 'visitCancel.confirm' : 'visitEdit.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('visitCancel.back')}
          </button>
        </div>
      </form>
    </div>
  );
}
