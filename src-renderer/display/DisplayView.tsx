import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NowServing } from '../../src-main/contract';
import type { ContractClient } from '../api/client';

/** A short two-tone chime, so waiting patients look up; browsers allow sound only after a first touch. */
function chime(): void {
  const context = new AudioContext();
  [660, 880].forEach((frequency, i) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, context.currentTime + i * 0.35);
    gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + i * 0.35 + 0.3);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(context.currentTime + i * 0.35);
    oscillator.stop(context.currentTime + i * 0.35 + 0.32);
  });
}

/** `#/display`: the waiting-room screen, "now serving" per counter with its name from Settings, updated live. */
export function DisplayView({ client, demo }: { client: ContractClient; demo: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const [serving, setServing] = useState<NowServing[]>([]);
  const [sound, setSound] = useState(false);

  // The list is the store's: rebuilt at start (a restart shows the same numbers) and whenever visits change
  // (a skipped or cancelled number leaves the screen); a call moves its counter to the top at once.
  useEffect(() => {
    const rebuild = () => void client.request('queue.nowServing', {}).then(setServing).catch(() => undefined);
    rebuild();
    const stopChanges = client.on('visits.changed', rebuild);
    const stopCalls = client.on('queue.called', (called) => {
      setServing((list) => [called, ...list.filter((entry) => entry.counter !== called.counter)]);
      if (sound) chime();
    });
    return () => {
      stopChanges();
      stopCalls();
    };
  }, [client, sound]);

  return (
    <div className="display" data-testid="display">
      <header className="display-bar">
        <h1>{t('display.title')}</h1>
        {demo && (
          <span className="demo-badge" data-testid="demo-marker">
            DEMO
          </span>
        )}
        <button type="button" onClick={() => setSound(!sound)} aria-pressed={sound}>
          {sound ? t('display.soundOn') : t('display.soundOff')}
        </button>
      </header>
      <ul className="display-list" data-testid="display-now-serving">
        {serving.map((entry) => (
          <li key={entry.counter} data-counter={entry.counter}>
            <span className="display-counter" data-testid={`display-counter-${entry.counter}`}>
              {entry.counterName[language]}
            </span>
            <span className="display-number" data-testid={`display-number-${entry.counter}`}>
              {entry.queueNumber}
            </span>
          </li>
        ))}
        {serving.length === 0 && <li className="display-empty">{t('display.empty')}</li>}
      </ul>
    </div>
  );
}
