import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractError, type AppInfo, type SiteCheck, type SiteMembership, type SiteRequest } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { uploadFile } from '../api/upload';
import { errorText } from '../shared/error-text';
import { FieldError } from './field-errors';

export type SiteChoice = 'alone' | 'join';

/** The setup wizard's choice: this PC alone (its own SQLite, the default) or the hospital's site store. */
export function SiteChoiceField({ choice, onChoice }: { choice: SiteChoice; onChoice: (choice: SiteChoice) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="site-choice" data-testid="site-choice">
      <legend>{t('siteJoin.choiceTitle')}</legend>
      {(['alone', 'join'] as const).map((option) => (
        <label className="inline" key={option}>
          <input type="radio" name="siteChoice" value={option} checked={choice === option} onChange={() => onChoice(option)} data-testid={`site-choice-${option}`} />
          <span>
            <strong>{t(`siteJoin.${option}`)}</strong>
            <span className="muted"> — {t(`siteJoin.${option}Text`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Joining the hospital's site store: its address, the enrolment file IT made and its passphrase, this PC's
 * station code. "Kiểm tra kết nối" says what the core found and saves nothing; "Tham gia" joins. Not a
 * form of its own: it sits inside the setup wizard's step. Refusals are the core's words.
 */
export function SiteJoinForm(props: { client: ContractClient; host: AppInfo['host']; demo: boolean; stationCode: string; adminPin?: () => string | undefined; onJoined: (membership: SiteMembership, stationCode: string) => void }) {
  const { client, host, demo } = props;
  const { t, i18n } = useTranslation();
  const [url, setUrl] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [stationCode, setStationCode] = useState(props.stationCode);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [check, setCheck] = useState<SiteCheck | null>(null);
  const [busy, setBusy] = useState<'upload' | 'check' | 'join' | null>(null);
  const [error, setError] = useState<{ field: string; text: string } | null>(null);

  const refusal = (failure: unknown) => {
    const field = failure instanceof ContractError && failure.field ? failure.field : 'general';
    // A module's words when it refused; the form's own words for what the contract's schema refused.
    const key = `setup.errors.${field}`;
    const text = failure instanceof ContractError && !failure.carriesWords && i18n.exists(key) ? t(key) : errorText(failure, i18n.language);
    setError({ field, text });
  };

  const chooseFile = async (file?: File) => {
    setError(null);
    setCheck(null);
    setBusy('upload');
    try {
      setUploadId(await uploadFile(client, host, 'enrolment', file));
    } catch (failure) {
      setUploadId(null);
      refusal(failure);
    } finally {
      setBusy(null);
    }
  };

  const request = (): SiteRequest | null => {
    if (!uploadId) {
      setError({ field: 'uploadId', text: t('siteJoin.needFile') });
      return null;
    }
    return { url: url.trim(), uploadId, passphrase, stationCode: stationCode.trim().toUpperCase() };
  };

  const runCheck = async () => {
    setError(null);
    setCheck(null);
    const asked = request();
    if (!asked) return;
    setBusy('check');
    try {
      const pin = props.adminPin?.();
      setCheck(await client.request('site.check', { ...asked, ...(pin ? { adminPin: pin } : {}) }));
    } catch (failure) {
      refusal(failure);
    } finally {
      setBusy(null);
    }
  };

  const join = async () => {
    setError(null);
    const asked = request();
    if (!asked) return;
    setBusy('join');
    try {
      const pin = props.adminPin?.();
      props.onJoined(await client.request('site.join', { ...asked, ...(pin ? { adminPin: pin } : {}) }), asked.stationCode);
      setUploadId(null);
    } catch (failure) {
      refusal(failure);
    } finally {
      setBusy(null);
    }
  };

  const messageOf = (field: string) => (error?.field === field ? error.text : undefined);
  return (
    <div className="site-join" data-testid="site-join">
      <p className="muted">{t('siteJoin.joinHelp')}</p>
      <p className={demo ? 'panel tone-warn' : 'muted'} data-testid="site-kind">
        {t(demo ? 'siteJoin.demoOnly' : 'siteJoin.productionOnly')}
      </p>
      <label>
        <span>{t('siteJoin.url')}</span>
        <input value={url} onChange={(event) => setUrl(event.target.value)} autoComplete="off" spellCheck={false} placeholder="postgres://tiepdon:…@may-chu:5432/tiepdon" data-testid="site-url" />
        <span className="muted">{t('siteJoin.urlHint')}</span>
        <FieldError message={messageOf('url')} name="url" />
      </label>
      <label>
        <span>{t('siteJoin.file')}</span>
        {host === 'web' ? (
          <input type="file" accept=".enrol,.json" onChange={(event) => void chooseFile(event.target.files?.[0])} data-testid="site-enrolment-file" />
        ) : (
          <button type="button" disabled={busy !== null} onClick={() => void chooseFile()} data-testid="site-enrolment-choose">
            {t('siteJoin.chooseFile')}
          </button>
        )}
        {uploadId && <span className="muted" data-testid="site-enrolment-chosen">{t('siteJoin.fileChosen')}</span>}
        <FieldError message={messageOf('uploadId')} name="uploadId" />
      </label>
      <label>
        <span>{t('siteJoin.passphrase')}</span>
        <input type="password" value={passphrase} onChange={(event) => setPassphrase(event.target.value)} autoComplete="off" maxLength={200} data-testid="site-passphrase" />
        <FieldError message={messageOf('passphrase')} name="passphrase" />
      </label>
      <label>
        <span>{t('siteJoin.stationCode')}</span>
        <input value={stationCode} onChange={(event) => setStationCode(event.target.value)} maxLength={2} data-testid="site-station" />
        <FieldError message={messageOf('stationCode')} name="stationCode" />
      </label>
      <div className="row">
        <button type="button" disabled={busy !== null} onClick={() => void runCheck()} data-testid="site-check">
          {busy === 'check' ? t('siteJoin.checking') : t('siteJoin.check')}
        </button>
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void join()} data-testid="site-join-button">
          {busy === 'join' ? t('siteJoin.joining') : t('siteJoin.joinButton')}
        </button>
      </div>
      {check && (
        <p className={`panel ${check.ok ? 'tone-ok' : 'tone-danger'}`} role="status" data-testid="site-check-result" data-ok={check.ok} data-code={check.code}>
          {i18n.language.startsWith('en') ? check.en : check.vi}
        </p>
      )}
      <FieldError message={messageOf('adminPin')} name="adminPin" />
      <FieldError message={messageOf('general')} name="general" />
    </div>
  );
}
