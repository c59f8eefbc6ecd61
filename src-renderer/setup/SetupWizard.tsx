import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractError, DEFAULT_GATEWAY_URL, type AppInfo, type CertificateInfo, type ConnectionResult, type Operator, type Settings, type SettingsPatch } from '../../src-main/contract';
import type { ContractClient } from '../api/client';
import { uploadFile } from '../api/upload';
import { useRequest } from '../shell/useCore';
import { FieldError, useFieldErrors } from './field-errors';
import { SiteChoiceField, SiteJoinForm, type SiteChoice } from './SiteJoin';

const STEPS = ['facility', 'gateway', 'certificate', 'operators', 'connection', 'station', 'site', 'kiosk'] as const;
type Step = (typeof STEPS)[number];

/** "CODE: Tên" per line, as the services list is edited here. */
function servicesText(settings: Settings): string {
  return settings.services.map((service) => `${service.code}: ${service.name.vi}`).join('\n');
}

function servicesOf(text: string, settings: Settings): Settings['services'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [code = '', ...rest] = line.split(':');
      const name = rest.join(':').trim();
      const known = settings.services.find((service) => service.code === code.trim().toUpperCase());
      return known && known.name.vi === name ? known : { code: code.trim().toUpperCase(), name: { vi: name, en: name }, counter: code.trim().toUpperCase(), lanes: ['bhyt', 'fee'] as ('bhyt' | 'fee')[] };
    });
}

/**
 * The first-run setup, one step at a time: each step is saved as it is left (re-running changes only what
 * is given), and refusals come back from the core with the field at fault, said in words beside it.
 */
export function SetupWizard({ client, host, onDone, onBack }: { client: ContractClient; host: AppInfo['host']; onDone: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const [settings, reload] = useRequest(client, 'settings.get', {});
  const [readers, reloadReaders] = useRequest(client, 'readers.list', {});
  const [step, setStep] = useState<Step>('facility');
  const [roster, setRoster] = useState<Operator[] | null>(null);
  const [certificate, setCertificate] = useState<CertificateInfo | null>(null);
  const [connection, setConnection] = useState<ConnectionResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [siteChoice, setSiteChoice] = useState<SiteChoice | null>(null);
  const [joined, setJoined] = useState<{ siteId: string; station: string } | null>(null);
  const { errors, show, clear, messageOf } = useFieldErrors();
  useEffect(() => client.on('readers.changed', reloadReaders), [client, reloadReaders]);

  if (settings.state !== 'ready') return null;
  const value = settings.value;
  const operators = roster ?? (value.operators.length > 0 ? value.operators : [{ fullName: '', idNumber: '' }]);
  const index = STEPS.indexOf(step);
  const choice = siteChoice ?? (value.site ? 'join' : 'alone');
  const next = () => (index === STEPS.length - 1 ? onDone() : setStep(STEPS[index + 1]!));

  const save = async (patch: SettingsPatch) => {
    clear();
    setBusy(true);
    try {
      await client.request('settings.set', patch);
      reload();
      return true;
    } catch (error) {
      show(error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    let ok = true;
    if (step === 'facility') ok = await save({ facility: { code: text('facilityCode'), name: text('facilityName') } });
    if (step === 'gateway') {
      if (!text('gatewayPassword') && !value.gateway.passwordSet) return show(new ContractError('bad-request', t('setup.errors.gatewayPassword'), 'gatewayPassword'));
      ok = await save({ gateway: { url: text('gatewayUrl'), username: text('gatewayUsername') }, ...(text('gatewayPassword') ? { gatewayPassword: text('gatewayPassword') } : {}) });
    }
    if (step === 'certificate') ok = certificate !== null || value.certificate !== null || (await installCertificate(form));
    if (step === 'operators') ok = await save({ operators: operators.map((operator) => ({ fullName: operator.fullName.trim(), idNumber: operator.idNumber.trim() })) });
    if (step === 'connection') ok = connection?.ok === true || window.confirm(t('setup.connection.skipConfirm'));
    if (step === 'station') {
      ok = await save({ preferredReader: text('reader') || null, stationCode: text('stationCode'), printerName: text('printer') || null, services: servicesOf(text('services'), value) });
    }
    if (step === 'site' && choice === 'join' && !value.site) return show(new ContractError('bad-request', t('siteJoin.joinFirst'), 'site'));
    if (step === 'kiosk') {
      if (text('adminPin') !== text('adminPinAgain')) return show(new ContractError('bad-request', t('setup.errors.adminPinAgain'), 'adminPinAgain'));
      ok = await save({
        kiosk: { operatorId: text('kioskOperator') || null },
        ...(text('kioskPin') ? { kioskPin: text('kioskPin') } : {}),
        ...(text('adminPin') ? { newAdminPin: text('adminPin') } : {}),
      });
    }
    if (ok) next();
  };

  const installCertificate = async (form: FormData): Promise<boolean> => {
    clear();
    setBusy(true);
    try {
      const file = form.get('certificateFile');
      const uploadId = await uploadFile(client, host, 'certificate', file instanceof File && file.size > 0 ? file : undefined);
      if (!uploadId) {
        show(new ContractError('bad-request', t('setup.errors.certificate'), 'certificate'));
        return false;
      }
      setCertificate(await client.request('setup.certificate', { uploadId, password: String(form.get('certificatePassword') ?? '') }));
      reload();
      // Stay on the step: the person checks who the certificate names before going on.
      return false;
    } catch (error) {
      show(error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const testConnection = async (operatorId: string) => {
    clear();
    setBusy(true);
    setConnection(null);
    try {
      setConnection(await client.request('setup.testConnection', { operatorId }));
    } catch (error) {
      show(error);
    } finally {
      setBusy(false);
    }
  };

  const shownCertificate = certificate ?? value.certificate;
  const field = (name: string, label: string, input: ReactNode) => (
    <label>
      <span>{label}</span>
      {input}
      <FieldError message={messageOf(name)} name={name} />
    </label>
  );

  return (
    <section className="panel setup" aria-labelledby="setup-wizard-title" data-testid="setup-wizard" data-step={step}>
      <h2 id="setup-wizard-title">{t('setup.wizardTitle')}</h2>
      <ol className="setup-steps">
        {STEPS.map((name, at) => (
          <li key={name} aria-current={name === step ? 'step' : undefined} className={at < index ? 'done' : ''}>
            {t(`setup.steps.${name}`)}
          </li>
        ))}
      </ol>
      <form onSubmit={(event) => void submit(event)} className="setup-form" noValidate>
        <h3>{t(`setup.steps.${step}`)}</h3>
        <p className="muted">{t(`setup.hints.${step}`)}</p>
        {step === 'facility' && (
          <>
            {field('facility.code', t('setup.facilityCode'), <input name="facilityCode" inputMode="numeric" maxLength={5} defaultValue={value.facility?.code ?? ''} autoFocus data-testid="setup-facility-code" />)}
            {field('facility.name', t('setup.facilityName'), <input name="facilityName" defaultValue={value.facility?.name ?? ''} data-testid="setup-facility-name" />)}
          </>
        )}
        {step === 'gateway' && (
          <>
            {field('gateway.url', t('settings.gatewayUrl'), <input name="gatewayUrl" type="url" defaultValue={value.gateway.url ?? DEFAULT_GATEWAY_URL} data-testid="setup-gateway-url" />)}
            {field('gateway.username', t('settings.gatewayUsername'), <input name="gatewayUsername" defaultValue={value.gateway.username ?? ''} data-testid="setup-gateway-username" />)}
            {field('gatewayPassword', t('settings.gatewayPassword'), <input name="gatewayPassword" type="password" autoComplete="new-password" placeholder={value.gateway.passwordSet ? t('settings.passwordStored') : ''} data-testid="setup-gateway-password" />)}
          </>
        )}
        {step === 'certificate' && (
          <>
            {host === 'web' && field('certificate', t('setup.certificateFile'), <input name="certificateFile" type="file" accept=".p12,.pfx" data-testid="setup-certificate-file" />)}
            {field('certificatePassword', t('setup.certificatePassword'), <input name="certificatePassword" type="password" autoComplete="off" data-testid="setup-certificate-password" />)}
            <button type="button" disabled={busy} onClick={(event) => void installCertificate(new FormData(event.currentTarget.form!))} data-testid="setup-certificate-install">
              {host === 'web' ? t('setup.certificateInstall') : t('setup.certificateChoose')}
            </button>
            {shownCertificate && (
              <dl className={`cert-info ${shownCertificate.daysLeft <= 30 ? 'tone-warn' : 'tone-ok'}`} data-testid="cert-info" data-days-left={shownCertificate.daysLeft}>
                <dt>{t('setup.certificateSubject')}</dt>
                <dd>{shownCertificate.subject}</dd>
                <dt>{t('setup.certificateIssuer')}</dt>
                <dd>{shownCertificate.issuer}</dd>
                <dt>{t('setup.certificateValidity')}</dt>
                <dd>
                  {shownCertificate.notBefore.slice(0, 10)} – {shownCertificate.notAfter.slice(0, 10)}
                </dd>
                {shownCertificate.daysLeft <= 30 && <dd role="alert">{t('setup.certificateExpiring', { days: shownCertificate.daysLeft })}</dd>}
              </dl>
            )}
          </>
        )}
        {step === 'operators' && (
          <div className="setup-roster" data-testid="setup-roster">
            {operators.map((operator, at) => (
              <div className="row" key={at}>
                {field(`operators.${at}.fullName`, t('settings.staffName'), (
                  <input value={operator.fullName} onChange={(event) => setRoster(operators.map((o, i) => (i === at ? { ...o, fullName: event.target.value } : o)))} data-testid={`setup-operator-name-${at}`} />
                ))}
                {field(`operators.${at}.idNumber`, t('settings.staffId'), (
                  <input value={operator.idNumber} inputMode="numeric" maxLength={12} onChange={(event) => setRoster(operators.map((o, i) => (i === at ? { ...o, idNumber: event.target.value } : o)))} data-testid={`setup-operator-id-${at}`} />
                ))}
                <button type="button" onClick={() => setRoster(operators.filter((_o, i) => i !== at))} disabled={operators.length === 1}>
                  {t('setup.removeOperator')}
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setRoster([...operators, { fullName: '', idNumber: '' }])} data-testid="setup-add-operator">
              {t('setup.addOperator')}
            </button>
          </div>
        )}
        {step === 'connection' && (
          <div className="setup-connection">
            <div className="row">
              {value.operators.map((operator) => (
                <button type="button" key={operator.idNumber} disabled={busy} onClick={() => void testConnection(operator.idNumber)} data-testid={`setup-test-${operator.idNumber}`}>
                  {t('setup.connection.test', { name: operator.fullName })}
                </button>
              ))}
            </div>
            {busy && <p>{t('setup.connection.testing')}</p>}
            {connection && (
              <p className={`panel ${connection.ok ? 'tone-ok' : 'tone-danger'}`} role="status" data-testid="connection-result" data-ok={connection.ok} data-code={connection.code}>
                {t('setup.connection.result', { vi: connection.vi, en: connection.en })}
              </p>
            )}
          </div>
        )}
        {step === 'station' && (
          <>
            {field('preferredReader', t('settings.reader'), (
              <select name="reader" defaultValue={value.preferredReader ?? ''} data-testid="setup-reader">
                <option value="">{t('settings.readerAuto')}</option>
                {readers.state === 'ready' &&
                  readers.value.readers.map((reader) => (
                    <option key={reader.name} value={reader.name}>
                      {reader.name}
                      {reader.cardPresent ? ` — ${t('setup.cardSeen', { atr: reader.atr ?? '' })}` : ''}
                    </option>
                  ))}
              </select>
            ))}
            {readers.state === 'ready' && readers.value.readers.length === 0 && (
              <p className="panel tone-warn" data-testid="setup-reader-diagnostics">
                {t(`setup.readerDiagnostics.${readers.value.service}`)}
              </p>
            )}
            {field('stationCode', t('settings.stationCode'), <input name="stationCode" defaultValue={value.stationCode} maxLength={2} data-testid="setup-station" />)}
            {field('printerName', t('setup.printer'), <input name="printer" defaultValue={value.printerName ?? ''} />)}
            {field('services', t('setup.services'), <textarea name="services" rows={6} defaultValue={servicesText(value)} />)}
          </>
        )}
        {step === 'site' && (
          <>
            <SiteChoiceField
              choice={choice}
              onChoice={(chosen) => {
                clear();
                setSiteChoice(chosen);
              }}
            />
            {choice === 'join' && (
              <SiteJoinForm
                client={client}
                host={host}
                demo={false}
                stationCode={value.stationCode}
                onJoined={(membership, station) => {
                  clear();
                  setJoined({ siteId: membership.siteId, station });
                  reload();
                }}
              />
            )}
            {choice === 'join' && value.site && (
              <p className="panel tone-ok" role="status" data-testid="site-joined">
                {t('siteJoin.joinedWizard', joined ?? { siteId: value.site.siteId, station: value.stationCode })}
              </p>
            )}
            <FieldError message={messageOf('site')} name="site" />
          </>
        )}
        {step === 'kiosk' && (
          <>
            {field('kiosk.operatorId', t('setup.kioskOperator'), (
              <select name="kioskOperator" defaultValue={value.kiosk.operatorId ?? ''} data-testid="setup-kiosk-operator">
                <option value="">{t('setup.noKiosk')}</option>
                {value.operators.map((operator) => (
                  <option key={operator.idNumber} value={operator.idNumber}>
                    {operator.fullName}
                  </option>
                ))}
              </select>
            ))}
            {field('kioskPin', t('setup.kioskPin'), <input name="kioskPin" type="password" inputMode="numeric" maxLength={8} autoComplete="off" />)}
            {field('newAdminPin', t('setup.adminPin'), <input name="adminPin" type="password" inputMode="numeric" maxLength={8} autoComplete="off" data-testid="setup-admin-pin" />)}
            {field('adminPinAgain', t('setup.adminPinAgain'), <input name="adminPinAgain" type="password" inputMode="numeric" maxLength={8} autoComplete="off" data-testid="setup-admin-pin-again" />)}
          </>
        )}
        <FieldError message={errors.general} name="general" />
        <div className="row setup-nav">
          <button type="button" onClick={() => (index === 0 ? onBack() : setStep(STEPS[index - 1]!))}>
            {t('setup.back')}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="setup-next">
            {index === STEPS.length - 1 ? t('setup.finish') : t('setup.next')}
          </button>
        </div>
      </form>
    </section>
  );
}
