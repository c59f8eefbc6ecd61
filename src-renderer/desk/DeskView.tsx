import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/error-text';
import type { AccessKey, CheckInFormResult, ScannedQr, Ticket } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useScannerInput } from '../shared/useScannerInput';
import { TicketCard } from '../ticket/TicketCard';
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
import { ReaderPanel } from '../shell/ReaderPanel';
import { QueuePanel, useQueue } from './QueuePanel';
import { useDeskShortcuts, type DeskCommand } from './shortcuts';
import { ShortcutsHelp } from './ShortcutsHelp';
import { VisitDialog } from './VisitDialog';
import { VisitsList, type VisitAction } from './VisitsList';
import { useMediaQuery } from './useMediaQuery';

/** From this width the day's list has its own column beside the check-in; below it shares the side panel. */
const WIDE = '(min-width: 1600px)';

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
  const [lastTicket, setLastTicket] = useState<Ticket | null>(null);
  const [printing, setPrinting] = useState<Ticket | null>(null);
  const [dialog, setDialog] = useState<VisitAction | null>(null);
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [tab, setTab] = useState<'queue' | 'list'>('queue');
  const wide = useMediaQuery(WIDE);
  const searchRef = useRef<HTMLInputElement>(null);
  const queue = useQueue(client);

  const nextPatient = useCallback(() => {
    clear();
    setManual(null);
    setManualOpen(false);
    setScanned(null);
    setTicket(null);
    setAlready(null);
  }, [clear]);

  /** The host prints silently where it can (Electron's printer); otherwise the page prints the ticket alone. */
  const print = useCallback(
    async (visitId: string, fallback: boolean) => {
      const found = await client.request('ticket.get', { visitId });
      const { printed } = await client.request('ticket.print', { visitId }).catch(() => ({ printed: false }));
      if (!printed && fallback) setPrinting(found);
      if (printed || fallback) setNotice(t('ticket.printSent', { number: found.queueNumber }));
    },
    [client, t],
  );

  useEffect(() => {
    if (!printing) return;
    window.print();
    setPrinting(null);
  }, [printing]);

  const done = (response: CheckInFormResult) => {
    if (response.outcome === 'created') {
      setTicket(response.ticket);
      setLastTicket(response.ticket);
      setAlready(null);
      void print(response.ticket.visitId, false).catch(() => undefined);
    } else if (response.outcome === 'already-checked-in') setAlready(response);
  };

  const run = (command: DeskCommand) => {
    if (dialog) return;
    if (command === 'help') setHelp(!help);
    else if (command === 'manual') {
      nextPatient();
      setManualOpen(true);
    } else if (command === 'search') {
      setTab('list');
      requestAnimationFrame(() => searchRef.current?.focus());
    } else if (command === 'callNext') void queue.actions.callNext();
    else if (command === 'skip') void queue.actions.skip();
    else if (command === 'recall') void queue.actions.recall();
    else if (command === 'reprint' && lastTicket) void print(lastTicket.visitId, true);
  };
  useDeskShortcuts(run);

  // Esc: a dialog closes itself; otherwise the patient in progress is dropped.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (help) setHelp(false);
      else if (!dialog) nextPatient();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help, dialog, nextPatient]);

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

  const list = (
    <VisitsList
      client={client}
      searchRef={searchRef}
      onAction={setDialog}
      onReprint={(visitId) => void print(visitId, true).catch((error: Error) => setNotice(error.message))}
      onRecall={(visitId) => void queue.actions.recall(visitId)}
    />
  );

  return (
    <div className={wide ? 'desk desk-wide' : 'desk'} data-testid="desk">
      <div className="desk-main" data-testid="desk-main">
        <div className="desk-strip">
          <ReaderPanel client={client} compact />
          <KeyEntry key={scanned?.at ?? 0} initialId={scanned?.qr.idNumber ?? ''} initialDob={scanned?.qr.dateOfBirth ?? ''} onRead={(key) => void read(key)} disabled={false} />
          <div className="desk-buttons">
            <button type="button" onClick={() => run('manual')} data-testid="manual-open">
              {t('manual.open')} <kbd>F2</kbd>
            </button>
            <button type="button" onClick={() => setHelp(true)} data-testid="shortcuts-open">
              {t('desk.shortcutsButton')} <kbd>?</kbd>
            </button>
          </div>
        </div>
        <SyncBanner client={client} />
        {notice && (
          <p className="desk-notice" role="status" data-testid="desk-notice">
            {notice}
          </p>
        )}
        {scanned && (
          <section className="panel scanned" data-testid="qr-scanned">
            <strong>{t('qr.scanned')}</strong> {scanned.qr.fullName} · {scanned.qr.idNumber} · {scanned.qr.dateOfBirth}
          </section>
        )}
        {pendingKey && <p className="panel notice">{t('key.placeCard')}</p>}
        {readError && <p className="panel tone-danger" role="alert">{readError}</p>}
        {current && !ticket && (
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
            <div className="ticket-actions">
              <p className="ticket-issued">{t('desk.ticketIssued', { number: ticket.queueNumber })}</p>
              <button type="button" className="primary big" onClick={nextPatient} autoFocus data-testid="next-patient">
                {t('desk.next')} <kbd>Enter</kbd>
              </button>
              <button type="button" onClick={() => run('reprint')} data-testid="ticket-reprint">
                {t('desk.reprint')} <kbd>F8</kbd>
              </button>
            </div>
          </section>
        )}
      </div>
      {wide && <div className="desk-list">{list}</div>}
      <aside className="desk-side">
        {!wide && (
          <div className="tabs" role="tablist">
            {(['queue', 'list'] as const).map((value) => (
              <button key={value} type="button" role="tab" aria-selected={tab === value} className={tab === value ? 'tab active' : 'tab'} onClick={() => setTab(value)} data-testid={`desk-tab-${value}`}>
                {t(`desk.tabs.${value}`)}
              </button>
            ))}
          </div>
        )}
        {(wide || tab === 'queue') && (
          <>
            <QueuePanel queue={queue} />
            {demo && (
              <SimPanel
                client={client}
                onTap={(readId) => {
                  nextPatient();
                  show(readId);
                }}
              />
            )}
          </>
        )}
        {!wide && tab === 'list' && list}
      </aside>
      {printing && (
        <div className="print-area" data-testid="print-area">
          <TicketCard ticket={printing} demo={demo} />
        </div>
      )}
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      {dialog && (
        <VisitDialog
          client={client}
          action={dialog}
          onClose={() => setDialog(null)}
          onDone={(message) => {
            setDialog(null);
            setNotice(message);
          }}
        />
      )}
      {blocked && verification && <VerificationAlert verification={verification} language={language} onAcknowledge={() => setAcknowledged(current.readId)} />}
    </div>
  );
}
