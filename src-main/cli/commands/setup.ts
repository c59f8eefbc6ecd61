// `tiepdon setup`: the first-run setup by script, for IT staff installing many PCs — the same settings,
// validation and refusals as the app's setup screen. Re-running it on a configured folder changes only
// what it is given. `--demo` makes a demo installation instead (simulated cards, embedded simulator).
import { CodedError, type Words } from '../../contract/errors';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GATEWAY_URL, type ConnectionResult, type SettingsPatch } from '../../contract';
import { openSettings } from '../../core/boot';
import { systemClock, type Clock } from '../../util/clock';
import { demoDataDir, installationMode, moveLegacyDemoData, SEALED_KEY_FILE, setInstallationMode } from '../../settings/installation';
import { testConnection } from '../../insurance';
import { readSigningCertificate } from '../../settings/certificate';
import { SettingsError } from '../../settings/settings-store';
import { FileKeyStore } from '../../store';
import { printJson, readStdinLine, type CliIo } from '../io';

export const setupUsage = `Usage: npm run -s tiepdon -- setup --data-dir DIR [--demo]
         --facility NNNNN --facility-name TEXT [--gateway URL] --username NNNNN_BV (--password P | --password-stdin)
         --cert FILE.p12 (--cert-password P | --cert-password-stdin) --staff "Họ tên:CCCD" [--staff …]
         --station K1 [--reader NAME] [--service CODE:Tên]… [--printer NAME] [--kiosk-operator CCCD]
         [--kiosk-pin N] [--admin-pin N] [--new-admin-pin N] [--test-connection] [--json]

  --demo           a demo installation: simulated cards only, reports to its embedded gateway simulator only,
                   the test CSCAs trusted; its data lives in DIR/demo/. No account needed.
  --gateway        default ${DEFAULT_GATEWAY_URL}
  --admin-pin      sets the administrator's PIN on a new installation; once set, it must be given to change
                   anything (and --new-admin-pin changes it)
  --test-connection  logs in and checks the first operator's own CCCD, as the setup screen does
  Re-running setup on a configured folder changes only what it is given. Exit 0, or 2 with
  {"error":{"code","message","field"}} on invalid input.`;

class SetupInputError extends CodedError {
  readonly code = 'bad-input';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  get words(): Words {
    return { vi: 'Thông tin thiết lập không hợp lệ.', en: 'The setup details are not valid.' };
  }

  get retryable(): boolean {
    return false;
  }
}

function operatorOf(text: string) {
  const at = text.lastIndexOf(':');
  if (at < 1) throw new SetupInputError(`--staff "${text}": write it as "Họ tên:CCCD"`, 'operators');
  return { fullName: text.slice(0, at).trim(), idNumber: text.slice(at + 1).trim() };
}

function serviceOf(text: string) {
  const at = text.indexOf(':');
  if (at < 1) throw new SetupInputError(`--service "${text}": write it as "CODE:Tên"`, 'services');
  const code = text.slice(0, at).trim().toUpperCase();
  const name = text.slice(at + 1).trim();
  return { code, name: { vi: name, en: name }, counter: code, lanes: ['bhyt' as const, 'fee' as const] };
}

export async function setupCommand(args: string[], io: CliIo, clock: Clock = systemClock): Promise<number> {
  if (args.includes('--help')) {
    io.out(setupUsage);
    return 0;
  }
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      facility: { type: 'string' },
      'facility-name': { type: 'string' },
      gateway: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      cert: { type: 'string' },
      'cert-password': { type: 'string' },
      'cert-password-stdin': { type: 'boolean', default: false },
      staff: { type: 'string', multiple: true },
      station: { type: 'string' },
      reader: { type: 'string' },
      service: { type: 'string', multiple: true },
      printer: { type: 'string' },
      'kiosk-operator': { type: 'string' },
      'kiosk-pin': { type: 'string' },
      'admin-pin': { type: 'string' },
      'new-admin-pin': { type: 'string' },
      'test-connection': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const fail = (code: string, message: string, field?: string) => {
    if (values.json) printJson(io, { error: { code, message, ...(field ? { field } : {}) } });
    io.err(`${code}: ${message}${field ? ` (${field})` : ''}`);
    return 2;
  };
  const root = values['data-dir'];
  if (!root) return fail('usage', `Missing --data-dir\n\n${setupUsage}`);
  try {
    moveLegacyDemoData(root, clock.now());
    if (values.demo) {
      const was = existsSync(join(root, 'installation.json')) ? installationMode(root) : null;
      setInstallationMode(root, 'demo');
      const result = { dataDir: root, mode: 'demo' as const, demoDataDir: demoDataDir(root), was };
      if (values.json) printJson(io, result);
      else io.out(`${root}: demo installation (data in ${result.demoDataDir})`);
      return 0;
    }
    if (existsSync(join(root, SEALED_KEY_FILE))) throw new SetupInputError(`${root} belongs to the desktop app, whose keys are in this computer's key store: set it up in the app`);
    if (values['password-stdin'] && values['cert-password-stdin']) throw new SetupInputError('only one of --password-stdin and --cert-password-stdin can read standard input');
    const keyStore = new FileKeyStore(join(root, 'master.key'), { warn: (message) => io.err(`warning: ${message}`) });
    const settings = openSettings(root, await keyStore.getOrCreateKey());
    const current = settings.get();

    const patch: SettingsPatch = {};
    if (values.facility !== undefined || values['facility-name'] !== undefined) {
      patch.facility = { code: values.facility ?? current.facility?.code ?? '', name: values['facility-name'] ?? current.facility?.name ?? '' };
    }
    const password = values['password-stdin'] ? readStdinLine() : values.password;
    if (values.username !== undefined || values.gateway !== undefined || !current.gateway.url) {
      patch.gateway = { url: values.gateway ?? current.gateway.url ?? DEFAULT_GATEWAY_URL, ...(values.username !== undefined ? { username: values.username } : {}) };
    }
    if (password) patch.gatewayPassword = password;
    if (values.staff) patch.operators = values.staff.map(operatorOf);
    if (values.station !== undefined) patch.stationCode = values.station;
    if (values.reader !== undefined) patch.preferredReader = values.reader;
    if (values.service) patch.services = values.service.map(serviceOf);
    if (values.printer !== undefined) patch.printerName = values.printer;
    if (values['kiosk-operator'] !== undefined) patch.kiosk = { operatorId: values['kiosk-operator'] };
    if (values['kiosk-pin'] !== undefined) patch.kioskPin = values['kiosk-pin'];
    // A new installation takes --admin-pin as its PIN; a configured one takes it as the authorization.
    if (current.adminPinSet) {
      if (values['admin-pin'] !== undefined) patch.adminPin = values['admin-pin'];
      if (values['new-admin-pin'] !== undefined) patch.newAdminPin = values['new-admin-pin'];
    } else if (values['admin-pin'] !== undefined || values['new-admin-pin'] !== undefined) {
      patch.newAdminPin = (values['new-admin-pin'] ?? values['admin-pin'])!;
    }

    // Everything is checked before anything is written: the certificate first, then the settings.
    let certificate: { p12: Uint8Array; password: string; info: ReturnType<typeof readSigningCertificate>['info'] } | null = null;
    if (values.cert) {
      const certPassword = values['cert-password-stdin'] ? readStdinLine() : values['cert-password'];
      if (certPassword === undefined) throw new SetupInputError('give --cert-password or --cert-password-stdin with --cert', 'certificate');
      if (!existsSync(values.cert)) throw new SetupInputError(`${values.cert}: no such file`, 'certificate');
      const p12 = new Uint8Array(readFileSync(values.cert));
      certificate = { p12, password: certPassword, info: readSigningCertificate(p12, certPassword, clock.now()).info };
    }
    const authorization = current.adminPinSet ? values['admin-pin'] : (values['new-admin-pin'] ?? values['admin-pin']);
    settings.update(patch);
    if (certificate) settings.setCertificate(certificate.p12, certificate.password, certificate.info, authorization);
    setInstallationMode(root, 'production');

    const configured = settings.get();
    let connection: { ok: boolean; code: string; message: string } | null = null;
    if (values['test-connection']) {
      const operator = configured.operators[0];
      const hash = settings.gatewayPasswordHash();
      if (!operator || !configured.gateway.url || !configured.gateway.username || !hash) throw new SetupInputError('the connection test needs the gateway, the account and an operator', 'gateway');
      const result: ConnectionResult = await testConnection({ baseUrl: configured.gateway.url, account: { username: configured.gateway.username, passwordHash: hash } }, operator, clock);
      connection = { ok: result.ok, code: result.code, message: result.vi };
    }
    const result = {
      dataDir: root,
      mode: 'production' as const,
      facility: configured.facility,
      station: configured.stationCode,
      operators: configured.operators,
      certificate: configured.certificate ? { subject: configured.certificate.subject, notAfter: configured.certificate.notAfter } : null,
      connection,
    };
    if (values.json) printJson(io, result);
    else {
      io.out(`${root}: ${configured.facility ? `${configured.facility.code} ${configured.facility.name}` : 'no facility yet'}, station ${configured.stationCode}, ${configured.operators.length} operator(s)`);
      if (configured.certificate) io.out(`certificate: ${configured.certificate.subject}, valid until ${configured.certificate.notAfter.slice(0, 10)}`);
      if (connection) io.out(`connection: ${connection.ok ? 'ok' : 'FAILED'} (${connection.code}) ${connection.message}`);
    }
    return connection && !connection.ok ? 1 : 0;
  } catch (error) {
    if (error instanceof SetupInputError) return fail('invalid', error.message, error.field);
    if (error instanceof SettingsError) return fail(error.code, error.message, error.field);
    throw error;
  }
}
