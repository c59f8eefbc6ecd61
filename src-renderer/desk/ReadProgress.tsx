import { useTranslation } from 'react-i18next';
import type { ReadState } from './read-state';

// The four stages a receptionist cares about, each reached at one of the reader's steps.
const STAGES = [
  { key: 'access', reachedAt: 'access' },
  { key: 'identity', reachedAt: 'identity' },
  { key: 'verification', reachedAt: 'aa' },
  { key: 'photo', reachedAt: 'done' },
] as const;

export function ReadProgress({ read }: { read: ReadState }) {
  const { t } = useTranslation();
  const reached = (step: string) => read.steps.includes(step) || (step === 'aa' && read.verification !== null);
  const active = STAGES.find((stage) => !reached(stage.reachedAt));
  return (
    <ol className="progress" data-testid="read-progress" aria-label={t('read.progressLabel')}>
      {STAGES.map((stage) => {
        const state = reached(stage.reachedAt) ? 'done' : read.error ? 'stopped' : stage === active ? 'active' : 'waiting';
        return (
          <li key={stage.key} className={`progress-step progress-${state}`} data-state={state}>
            {t(`read.stage.${stage.key}`)}
          </li>
        );
      })}
    </ol>
  );
}
