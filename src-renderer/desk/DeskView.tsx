import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessKey, ScannedQr } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { useScannerInput } from '../shared/useScannerInput';
import { EligibilityPanel } from './EligibilityPanel';
import { IdentityPanel } from './IdentityPanel';
import { KeyEntry } from './KeyEntry';
import { ReadProgress } from './ReadProgress';
import { isAlarming } from './read-state';
import { SimPanel } from './SimPanel';
import { useReads } from './useReads';
import { VerificationAlert, VerificationPanel } from './VerificationPanel';

export function DeskView({ client, demo }: { client: ContractClient; demo: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const { current, show, clear } = useReads(client);
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  const [scanned, setScanned] = useState<{ qr: ScannedQr; text: string; at: number } | null>(null);
  const [pendingKey, setPendingKey] = useState<AccessKey | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

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
        setReadError((error as Error).message);
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

  return (
    <div className="desk">
      <div className="desk-main">
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
            {current.done && (
              <button type="button" onClick={clear}>
                {t('desk.next')}
              </button>
            )}
          </>
        )}
      </div>
      {demo && (
        <aside className="desk-side">
          <SimPanel client={client} onTap={show} />
        </aside>
      )}
      {blocked && verification && <VerificationAlert verification={verification} language={language} onAcknowledge={() => setAcknowledged(current.readId)} />}
    </div>
  );
}
