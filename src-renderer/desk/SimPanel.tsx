import { useTranslation } from 'react-i18next';
import type { ReadChannel } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';

/** Demo mode: the simulated cards, one tap away ("Thẻ mô phỏng"). */
export function SimPanel({ client, onTap, compact = false, channel = 'desk' }: { client: ContractClient; onTap: (readId: string) => void; compact?: boolean; channel?: ReadChannel }) {
  const { t } = useTranslation();
  const [personas] = useRequest(client, 'sim.personas', {});
  if (personas.state !== 'ready' || personas.value.length === 0) return null;
  const tap = async (personaId: string) => onTap((await client.request('sim.tap', { personaId, channel })).readId);
  return (
    <section className={compact ? 'sim-panel compact' : 'panel sim-panel'} aria-labelledby="sim-title">
      <h2 id="sim-title">{t('sim.title')}</h2>
      <ul>
        {personas.value.map((persona) => (
          <li key={persona.id}>
            <button type="button" className="sim-tap" data-testid={`sim-tap-${persona.id}`} title={persona.description} onClick={() => void tap(persona.id)}>
              {persona.id}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
