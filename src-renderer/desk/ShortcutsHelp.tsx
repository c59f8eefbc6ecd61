import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FLOW_KEYS, SHORTCUTS } from './shortcuts';

/** `?`: every key the desk answers to, from the same table the handler uses. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="alert-backdrop" onKeyDown={(event) => event.key === 'Escape' && (event.stopPropagation(), onClose())}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <dl className="shortcut-list">
          {FLOW_KEYS.map((key) => (
            <div key={key.label}>
              <dt>
                <kbd>{key.label}</kbd>
              </dt>
              <dd>{t(key.text)}</dd>
            </div>
          ))}
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.command}>
              <dt>
                <kbd>{shortcut.label}</kbd>
              </dt>
              <dd>{t(`shortcuts.${shortcut.command}`)}</dd>
            </div>
          ))}
        </dl>
        <button ref={close} type="button" onClick={onClose} data-testid="shortcuts-close">
          {t('shortcuts.close')}
        </button>
      </div>
    </div>
  );
}
