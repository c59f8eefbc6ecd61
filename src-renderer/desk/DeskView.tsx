import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/error-text';
import type { AccessKey, CheckInFormResult, ScannedQr, Ticket } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useScannerInput } from '../shared/useScannerInput';
import { TicketCard } from '../ticket/TicketCard';
import { CallNext } from './CallNext';
import { CheckinForm } from './CheckinForm';
import { EligibilityPanel } from './EligibilityPanel';
import { IdentityPanel } from './IdentityPanel';
import { KeyEntry } from './KeyEntry';
import { ManualIdentity, type ManualEntry } from './ManualIdentity';
import { ReadProgress } from './ReadProgress';
import { isAlarming } from './read-state';
import { SimPanel } from './SimPanel';
import { SyncBanner } from './SyncBanner';
import { useReads } from './useReads';
import { VerificationAlert, VerificationPanel } from './VerificationPanel';
import { VisitsList } from './VisitsList';

export function DeskView({ client, demo }: { client: ContractClient; demo: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const { current, show, clear } = useReads(client);
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  const [scanned, setScanned] = useState<{ qr: ScannedQr; text: string; at: number } | null>(null);
  const [pendingKey, setPendingKey] = useState<AccessKey | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [manualOpen, setManualOpen] = useState(false);
  const [manual, setManual] = useState<ManualEntry | null>(null);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [already, setAlready] = useState<Extract<CheckInFormResult, { outcome: 'already-checked-in' }> | null>(null);

  const nextPatient = useCallback(() => {
    clear();
    setManual(null);
    setManualOpen(false);
    setScanned(null);
    setTicket(null);
    setAlready(null);
  }, [clear]);

  const done = (response: CheckInFormResult) => {
    if (response.outcome === 'created') {
      setTicket(response.ticket);
      setAlready(null);
    } else if (response.outcome === 'already-checked-in') setAlready(response);
  };

  const read = useCallback(
    async (key: AccessKey) => {
      setReadError(null);
      const { readers } = await client.request('readers.list', {});
      if (!readers.some((reader) => reader.cardPresent)) {
        setPendingKey(key);
        return;
      }
      setPendingKey(null);
      try {
        show((await client.request('desk.read', { reader: null, key })).readId);
      } catch (error) {
        setReadError(errorText(error, i18n.language));
      }
    },
    [client, show],
  );

  // A card placed on a real reader while a key is waiting: read it.
  useEffect(
    () =>
      client.on('readers.changed', (event) => {
        if (event.type === 'card-inserted' && pendingKey) void read(pendingKey);
      }),
    [client, pendingKey, read],
  );

  useScannerInput(
    useCallback(
      (text: string) => {
        void client.request('desk.parseQr', { text }).then((qr) => {
          if (!qr) return;
          setScanned({ qr, text, at: Date.now() });
          void read({ kind: 'qr', text });
        });
      },
      [client, read],
    ),
  );

  const verification = current?.verification ?? null;
  const blocked = !!current && isAlarming(verification) && acknowledged !== current.readId;
  const readyToCheckIn = (current?.done && current.identity && !current.error) || manual !== null;
  const provenance = manual ? manual.provenance : verification?.verdict === 'authentic' ? 'chip-authentic' : 'chip-unverified';
  const bhytDefault = manual !== null || current?.eligibility?.status === 'eligible' || current?.eligibility?.status === 'eligible-new-card' || current?.eligibility?.status === 'pending';

  return (
    <div className="desk">
      <div className="desk-main">
        <SyncBanner client={client} />
        {scanned && (
          <section className="panel scanned" data-testid="qr-scanned">
            <strong>{t('qr.scanned')}</strong> {scanned.qr.fullName} · {scanned.qr.idNumber} · {scanned.qr.dateOfBirth}
          </section>
        )}
        <KeyEntry key={scanned?.at ?? 0} initialId={scanned?.qr.idNumber ?? ''} initialDob={scanned?.qr.dateOfBirth ?? ''} onRead={(key) => void read(key)} disabled={false} />
        {pendingKey && <p className="panel notice">{t('key.placeCard')}</p>}
        {readError && <p className="panel tone-danger" role="alert">{readError}</p>}
        {current && (
          <>
            <ReadProgress read={current} />
            {current.error && (
              <p className="panel tone-danger" role="alert" data-testid="read-error" data-code={current.error.code}>
                {current.error[language]}
              </p>
            )}
            <IdentityPanel read={current} />
            {current.identity && (
              <div className="checks">
                <VerificationPanel verification={verification} language={language} />
                {current.identity.holder && <EligibilityPanel eligibility={current.eligibility} />}
              </div>
            )}
          </>
        )}
        {!current && !manual && !ticket && (
          <button type="button" onClick={() => setManualOpen(!manualOpen)} data-testid="manual-open">
            {t('manual.open')}
          </button>
        )}
        {manualOpen && !manual && <ManualIdentity scanned={scanned?.qr ?? null} onSubmit={setManual} />}
        {manual && !ticket && (
          <p className="panel" data-testid="manual-summary">
            <strong>{manual.fullName}</strong> · {manual.idNumber} · {manual.dateOfBirth}
          </p>
        )}
        {already && (
          <section className="panel tone-warn" role="alert" data-testid="already-checked-in">
            <p>{t('checkin.already', { numbers: already.visits.map((visit) => visit.queueNumber).join(', ') })}</p>
          </section>
        )}
        {readyToCheckIn && !ticket && (
          <CheckinForm
            key={current?.readId ?? manual?.idNumber}
            client={client}
            readId={manual ? null : (current?.readId ?? null)}
            manual={manual}
            provenance={provenance}
            bhytDefault={bhytDefault}
            blocked={blocked}
            secondVisit={already !== null}
            onDone={done}
            onCancel={nextPatient}
          />
        )}
        {ticket && (
          <section className="panel ticket-panel" aria-live="polite">
            <TicketCard ticket={ticket} demo={demo} />
            <button type="button" className="primary" onClick={nextPatient} autoFocus data-testid="next-patient">
              {t('desk.next')}
            </button>
          </section>
        )}
        <VisitsList client={client} />
      </div>
      <aside className="desk-side">
        <CallNext client={client} />
        {demo && <SimPanel client={client} onTap={(readId) => { nextPatient(); show(readId); }} />}
      </aside>
      {blocked && verification && <VerificationAlert verification={verification} language={language} onAcknowledge={() => setAcknowledged(current.readId)} />}
    </div>
  );
}
