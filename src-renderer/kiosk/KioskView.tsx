import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noPriority, type Priority, type ServiceInfo, type Ticket } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { SimPanel } from '../desk/SimPanel';
import { useReads } from '../desk/useReads';
import { useRequest } from '../shell/useCore';
import { TicketCard } from '../ticket/TicketCard';
import { bhytAllowed, givenName, maskId, problemOf, type KioskScreen } from './kiosk-flow';

const PRIORITIES: (keyof Priority)[] = ['pregnancy', 'childUnder6', 'elderly', 'disability'];

export function KioskView({ client, demo }: { client: ContractClient; demo: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const [screen, setScreen] = useState<KioskScreen>({ name: 'idle' });
  const [priority, setPriority] = useState<Priority>(noPriority);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [can, setCan] = useState('');
  const { current, show, clear } = useReads(client);
  const [services] = useRequest(client, 'services.list', {});
  const [settings] = useRequest(client, 'settings.get', {});
  const idleAfterMs = (settings.state === 'ready' ? settings.value.kiosk.idleSeconds : 20) * 1000;
  const lastActivity = useRef(Date.now());
  // Bumped on every return to idle: an answer that arrives after it (a lookup or check-in that hung until
  // the timeout) belongs to the patient who left, and is dropped.
  const visit = useRef(0);
  // Staff leave the kiosk: five taps on the name within three seconds, then the PIN from settings.
  const brandTaps = useRef<number[]>([]);
  const [exitPin, setExitPin] = useState<string | null>(null);
  const tapBrand = () => {
    const now = Date.now();
    brandTaps.current = [...brandTaps.current.filter((at) => now - at < 3000), now];
    if (brandTaps.current.length >= 5) setExitPin('');
  };
  const submitPin = async (pin: string) => {
    const { ok } = await client.request('kiosk.exit', { pin });
    setExitPin(ok ? null : '');
  };

  const reset = useCallback(() => {
    visit.current += 1;
    setScreen({ name: 'idle' });
    setPriority(noPriority);
    setTicket(null);
    setCan('');
    clear();
  }, [clear]);

  const startRead = useCallback(
    (readId: string) => {
      show(readId);
      setScreen({ name: 'reading', readId });
    },
    [show],
  );

  // Back to idle after inactivity, and when the card leaves the reader.
  useEffect(() => {
    const touch = () => (lastActivity.current = Date.now());
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    const timer = setInterval(() => {
      if (screen.name !== 'idle' && Date.now() - lastActivity.current > idleAfterMs) reset();
    }, 1000);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, [screen.name, reset, idleAfterMs]);

  useEffect(
    () =>
      client.on('readers.changed', (event) => {
        lastActivity.current = Date.now();
        if (event.type === 'card-removed' && screen.name !== 'ticket' && screen.name !== 'idle') reset();
        if (event.type === 'card-inserted' && screen.name === 'idle' && !demo) setScreen({ name: 'key' });
      }),
    [client, screen.name, reset, demo],
  );

  // Reading → confirmation once identity, verification and eligibility are in; problems → the desk.
  useEffect(() => {
    if (screen.name !== 'reading' || !current) return;
    if (current.error) return setScreen({ name: 'see-staff', reason: 'read-failed' });
    if (!current.identity || !current.verification || (current.identity.holder && !current.eligibility)) return;
    const problem = problemOf(current.verification, current.eligibility);
    setScreen(problem ? { name: 'see-staff', reason: problem } : { name: 'confirm', readId: screen.readId });
  }, [screen, current]);

  const readWithCan = async () => {
    const mine = visit.current;
    const { readId } = await client.request('desk.read', { reader: null, key: { kind: 'can', can }, channel: 'kiosk' });
    if (visit.current === mine) startRead(readId);
  };

  const checkIn = async (service: ServiceInfo, lane: 'bhyt' | 'fee') => {
    if (screen.name !== 'service') return;
    const mine = visit.current;
    const response = await client.request('checkin.create', {
      readId: screen.readId,
      manual: null,
      serviceCode: service.code,
      lane,
      visitType: 'first-visit',
      reason: '',
      heightCm: null,
      bloodGroup: null,
      priority,
      channel: 'kiosk',
      allowSecondVisit: false,
    });
    if (visit.current !== mine) return;
    if (response.outcome === 'created') {
      setTicket(response.ticket);
      setScreen({ name: 'ticket', visitId: response.ticket.visitId });
      void client.request('ticket.print', { visitId: response.ticket.visitId }).catch(() => undefined);
    } else {
      setScreen({ name: 'see-staff', reason: response.outcome === 'already-checked-in' ? 'already' : 'verification' });
    }
  };

  const holder = current?.identity?.holder ?? null;
  const toggleLanguage = () => void i18n.changeLanguage(language === 'vi' ? 'en' : 'vi').then(() => (document.documentElement.lang = i18n.language));

  return (
    <div className="kiosk">
      <header className="kiosk-bar">
        <span className="kiosk-brand" onClick={tapBrand}>
          {t('app.title')}
        </span>
        {demo && <span className="demo-badge" data-testid="demo-marker">DEMO</span>}
        <button type="button" className="kiosk-language" onClick={toggleLanguage} data-testid="kiosk-language">
          {language === 'vi' ? 'English' : 'Tiếng Việt'}
        </button>
      </header>

      {screen.name === 'idle' && (
        <section className="kiosk-screen kiosk-idle" data-testid="kiosk-idle">
          <div className="tap-animation" aria-hidden="true">
            <div className="tap-card" />
            <div className="tap-reader" />
          </div>
          <h1>{t('kiosk.idle.title')}</h1>
          <p>{t('kiosk.idle.hint')}</p>
        </section>
      )}

      {screen.name === 'key' && (
        <section className="kiosk-screen" data-testid="kiosk-key">
          <h1>{t('kiosk.key.title')}</h1>
          <p>{t('kiosk.key.hint')}</p>
          <output className="kiosk-can" aria-live="polite">{can.padEnd(6, '·')}</output>
          <div className="keypad">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'OK'].map((key) => (
              <button
                key={key}
                type="button"
                disabled={key === 'OK' && can.length !== 6}
                onClick={() => (key === '⌫' ? setCan(can.slice(0, -1)) : key === 'OK' ? void readWithCan() : can.length < 6 && setCan(can + key))}
              >
                {key}
              </button>
            ))}
          </div>
        </section>
      )}

      {screen.name === 'reading' && (
        <section className="kiosk-screen" data-testid="kiosk-reading" aria-live="polite">
          <div className="spinner" aria-hidden="true" />
          <h1>{t('kiosk.reading.title')}</h1>
          <p>{t('kiosk.reading.hint')}</p>
        </section>
      )}

      {screen.name === 'confirm' && (
        <section className="kiosk-screen" data-testid="kiosk-confirm">
          <h1>{t('kiosk.confirm.greeting', { name: givenName(holder?.fullName ?? current?.identity?.mrz.givenNames ?? null) })}</h1>
          <p className="kiosk-id">{maskId(holder?.idNumber ?? current?.identity?.mrz.documentNumber ?? null)}</p>
          <p className="kiosk-sentence" data-testid="kiosk-eligibility">
            {holder ? t(`kiosk.eligibility.${bhytAllowed(current?.eligibility ?? null) ? 'covered' : 'notCovered'}`) : t('kiosk.eligibility.foreign')}
          </p>
          <fieldset className="kiosk-priority">
            <legend>{t('kiosk.priority.title')}</legend>
            {PRIORITIES.map((key) => (
              <label key={key} className={priority[key] ? 'chip chip-on' : 'chip'}>
                <input type="checkbox" checked={priority[key]} onChange={(event) => setPriority({ ...priority, [key]: event.target.checked })} data-testid={`kiosk-priority-${key}`} />
                {t(`kiosk.priority.${key}`)}
              </label>
            ))}
          </fieldset>
          <div className="kiosk-lanes">
            {bhytAllowed(current?.eligibility ?? null) && (
              <button type="button" className="kiosk-big primary" onClick={() => setScreen({ name: 'service', readId: screen.readId, lane: 'bhyt' })} data-testid="kiosk-lane-bhyt">
                {t('kiosk.lane.bhyt')}
              </button>
            )}
            <button type="button" className="kiosk-big" onClick={() => setScreen({ name: 'service', readId: screen.readId, lane: 'fee' })} data-testid="kiosk-lane-fee">
              {t('kiosk.lane.fee')}
            </button>
          </div>
        </section>
      )}

      {screen.name === 'service' && (
        <section className="kiosk-screen" data-testid="kiosk-services">
          <h1>{t('kiosk.service.title')}</h1>
          <div className="kiosk-services">
            {services.state === 'ready' &&
              services.value
                .filter((service) => service.lanes.includes(screen.lane))
                .map((service) => (
                  <button key={service.code} type="button" className="kiosk-big" onClick={() => void checkIn(service, screen.lane)} data-testid={`kiosk-service-${service.code}`}>
                    {service.name[language]}
                  </button>
                ))}
          </div>
        </section>
      )}

      {screen.name === 'ticket' && ticket && (
        <section className="kiosk-screen" data-testid="kiosk-ticket">
          <h1>{t('kiosk.ticket.title')}</h1>
          <TicketCard ticket={ticket} demo={demo} />
          <p>{t('kiosk.ticket.hint')}</p>
          <button type="button" className="kiosk-big" onClick={reset}>
            {t('kiosk.done')}
          </button>
        </section>
      )}

      {screen.name === 'see-staff' && (
        <section className="kiosk-screen kiosk-staff" data-testid="kiosk-see-staff" data-reason={screen.reason}>
          <h1>{t('kiosk.staff.title')}</h1>
          <p data-testid="kiosk-staff-guidance">{t(`kiosk.staff.${screen.reason}`)}</p>
          <button type="button" className="kiosk-big" onClick={reset}>
            {t('kiosk.done')}
          </button>
        </section>
      )}

      {exitPin !== null && (
        <div className="alert-backdrop">
          <form
            className="alert kiosk-exit"
            onSubmit={(event) => {
              event.preventDefault();
              void submitPin(exitPin);
            }}
          >
            <h2>{t('kiosk.exit.title')}</h2>
            <input type="password" inputMode="numeric" autoFocus value={exitPin} maxLength={8} onChange={(event) => setExitPin(event.target.value.replace(/\D/g, ''))} aria-label={t('kiosk.exit.pin')} />
            <div className="row">
              <button type="submit">{t('kiosk.exit.confirm')}</button>
              <button type="button" onClick={() => setExitPin(null)}>
                {t('checkin.cancel')}
              </button>
            </div>
          </form>
        </div>
      )}
      {demo && screen.name === 'idle' && <SimPanel client={client} onTap={startRead} compact channel="kiosk" />}
    </div>
  );
}
