// The parts of a visit that staff choose both at check-in and when correcting it: the visit type and the
// priority groups.
import { useTranslation } from 'react-i18next';
import type { Priority } from '../../src-main/contract';

export const PRIORITIES: (keyof Priority)[] = ['elderly', 'childUnder6', 'disability', 'pregnancy'];
const VISIT_TYPES = ['first-visit', 'follow-up', 'emergency'] as const;

export function VisitTypeSelect({ name, defaultValue, testId }: { name: string; defaultValue: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{t('checkin.visitType')}</span>
      <select name={name} defaultValue={defaultValue} data-testid={testId}>
        {VISIT_TYPES.map((value) => (
          <option key={value} value={value}>
            {t(`checkin.visitTypes.${value}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function PriorityFields({ className, value, onChange }: { className: string; value: Priority; onChange: (value: Priority) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className={className}>
      <legend>{t('checkin.priority')}</legend>
      {PRIORITIES.map((key) => (
        <label key={key} className="inline">
          <input type="checkbox" checked={value[key]} onChange={(event) => onChange({ ...value, [key]: event.target.checked })} />
          {t(`checkin.priorities.${key}`)}
        </label>
      ))}
    </fieldset>
  );
}
