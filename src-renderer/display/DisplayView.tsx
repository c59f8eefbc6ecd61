import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisplayBoard, NowServing } from '../../src-main/contract';
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

/** Counters are named per station: two stations of a site may both have a counter 1. */
const counterKey = (entry: NowServing) => `${entry.station}/${entry.counter}`;

/**
 * `#/display`: the waiting-room screen, "now serving" per counter and the last few calls, updated live.
 * Rebuilt from the store at start and whenever the site store comes back; while it is away the screen
 * says "connection lost" instead of numbers that may be stale.
 */
export function DisplayView({ client, demo }: { client: ContractClient; demo: boolean }) {
  const { t, i18n } = useTranslation();
  const nameOf = (entry: NowServing) => entry.counterName[i18n.language === 'en' ? 'en' : 'vi'] || t('display.counter', { counter: entry.counter });
  const [board, setBoard] = useState<DisplayBoard>({ site: 'none', current: [], recent: [] });
  const [sound, setSound] = useState(false);

  useEffect(() => {
    const rebuild = () => void client.request('queue.display', {}).then(setBoard).catch(() => undefined);
    rebuild();
    // A skipped or cancelled number leaves the screen: the board is the store's, read again.
    const stopChanges = client.on('visits.changed', rebuild);
    const stopSite = client.on('queue.site', ({ site }) => {
      if (site === 'lost') setBoard({ site, current: [], recent: [] });
      else rebuild();
    });
    const stopCalls = client.on('queue.called', (called) => {
      setBoard((shown) =>
        shown.site === 'lost'
          ? shown
          : { ...shown, current: [called, ...shown.current.filter((entry) => counterKey(entry) !== counterKey(called))], recent: [called, ...shown.recent].slice(0, Math.max(shown.recent.length, 4)) },
      );
      if (sound) chime();
    });
    return () => {
      stopChanges();
      stopSite();
      stopCalls();
    };
  }, [client, sound]);

  const serving = board.current;
  return (
    <div className="display" data-testid="display" data-site={board.site}>
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
      {board.site === 'lost' ? (
        <div className="display-lost" role="alert" data-testid="display-connection-lost">
          <strong>{t('display.connectionLost')}</strong>
          <p>{t('display.connectionLostDetail')}</p>
        </div>
      ) : (
        <>
          <ul className="display-list" data-testid="display-now-serving">
            {serving.map((entry) => (
              <li key={counterKey(entry)} data-counter={entry.counter} data-station={entry.station}>
                <span className="display-counter" data-testid={`display-counter-${entry.counter}`}>
                  {nameOf(entry)}
                </span>
                <span className="display-number" data-testid={`display-number-${entry.counter}`}>
                  {entry.queueNumber}
                </span>
              </li>
            ))}
            {serving.length === 0 && <li className="display-empty">{t('display.empty')}</li>}
          </ul>
          {board.recent.length > 0 && (
            <section className="display-recent" aria-label={t('display.recent')} data-testid="display-recent">
              <h2>{t('display.recent')}</h2>
              <ol>
                {board.recent.map((entry, index) => (
                  <li key={`${counterKey(entry)}-${entry.calledAt}-${index}`}>
                    {entry.queueNumber} → {nameOf(entry)}
                  </li>
                ))}
              </ol>
            </section>
          )}
        </>
      )}
    </div>
  );
}
