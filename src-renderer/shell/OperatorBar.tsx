import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operator } from '../../src-main/contract';
import type { ContractClient } from '../api/client';

/**
 * "Ai đang làm việc tại quầy này?": nobody works at the desk until they say who they are; every lookup
 * then carries their name and CCCD. The core locks the desk after the idle time and says so here.
 */
export function useOperator(client: ContractClient): { operator: Operator | null | undefined; signIn(idNumber: string): Promise<void>; signOut(): Promise<void> } {
  const [operator, setOperator] = useState<Operator | null | undefined>(undefined);
  useEffect(() => {
    void client.request('operator.current', {}).then(setOperator).catch(() => setOperator(null));
    return client.on('operator.changed', setOperator);
  }, [client]);
  return {
    operator,
    signIn: async (idNumber) => setOperator(await client.request('operator.signIn', { idNumber })),
    signOut: async () => {
      await client.request('operator.signOut', {});
      setOperator(null);
    },
  };
}

export function OperatorPicker({ roster, onPick }: { roster: Operator[]; onPick: (idNumber: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel operator-picker" aria-labelledby="operator-picker-title" data-testid="operator-picker">
      <h2 id="operator-picker-title">{t('operator.who')}</h2>
      <p className="muted">{t('operator.why')}</p>
      <div className="operator-choices">
        {roster.map((operator, index) => (
          <button type="button" className="big" key={operator.idNumber} onClick={() => onPick(operator.idNumber)} data-testid={`operator-pick-${operator.idNumber}`} autoFocus={index === 0}>
            {operator.fullName} <span className="muted">···{operator.idNumber.slice(-4)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

export function CurrentOperator({ operator, onSwitch }: { operator: Operator; onSwitch: () => void }) {
  const { t } = useTranslation();
  return (
    <span className="current-operator" data-testid="current-operator" data-id={operator.idNumber}>
      {t('operator.current', { name: operator.fullName })}
      <button type="button" className="topbar-button small" onClick={onSwitch} data-testid="operator-switch">
        {t('operator.switch')}
      </button>
    </span>
  );
}
