// One coded error base: every module's error is a CodedError with a code, words in Vietnamese and English
// and `retryable`, and those words reach the UI through the contract (the UI keeps no copy of them).
import { describe, expect, it } from 'vitest';
import { BackupError } from './backup/archive';
import { CardError, cardErrorWords, type CardErrorCode } from './card/errors';
import { CheckInError } from './checkin/errors';
import { CodedError, ContractError, ContractErrorShape } from './contract/errors';
import { PhotoError } from './imaging/photo-decoder';
import { Jp2Error } from './imaging/jp2';
import { OpenJpegUnavailableError } from './imaging/openjpeg';
import { HisError } from './his/errors';
import { GatewayError } from './insurance/errors';
import { ReaderError, readerErrorWords, type ReaderErrorCode } from './reader/port';
import { InstallationError } from './settings/installation';
import { VaultError } from './settings/secret-vault';
import { SettingsDamagedError, SettingsError } from './settings/settings-store';
import { SiteStoreError } from './site-store/errors';
import { StoreError } from './store/errors';
import { TrustError } from './trust/certificates';

const samples: CodedError[] = [
  new BackupError('wrong-passphrase', 'x'),
  new CardError('card-timeout'),
  new CheckInError('not-found', 'x'),
  new PhotoError('timeout'),
  new Jp2Error('decode-failed', 'x'),
  new OpenJpegUnavailableError('x'),
  new GatewayError('network'),
  new HisError('rejected', 'x'),
  new ReaderError('service-unavailable', 'x'),
  new InstallationError('x'),
  new VaultError('x'),
  new SettingsDamagedError('settings.json'),
  new SettingsError('admin-pin-wrong', 'x'),
  new SiteStoreError('unreachable', 'x'),
  new StoreError('disk-full', 'x'),
  new TrustError('bad-signature', 'x'),
  new ContractError('forbidden', 'x'),
];

describe('coded errors', () => {
  it.each(samples.map((error) => [error.name, error] as const))('%s is a CodedError with a code and words in both languages', (_name, error) => {
    expect(error).toBeInstanceOf(CodedError);
    expect(error.code).toMatch(/^[a-z-]+$/);
    expect(error.words.vi.length).toBeGreaterThan(5);
    expect(error.words.en.length).toBeGreaterThan(5);
    expect(error.words.vi).not.toBe(error.words.en);
    expect(typeof error.retryable).toBe('boolean');
  });

  it('says which failures are worth trying again', () => {
    expect([new CardError('card-removed').retryable, new CardError('wrong-access-key').retryable]).toEqual([true, false]);
    expect([new ReaderError('no-card', 'x').retryable, new ReaderError('driver-missing', 'x').retryable]).toEqual([true, false]);
    expect([new SiteStoreError('timeout', 'x').retryable, new SiteStoreError('wrong-key', 'x').retryable]).toEqual([true, false]);
  });

  it('has words for every card and reader code', () => {
    for (const code of Object.keys(cardErrorWords) as CardErrorCode[]) expect(new CardError(code).words).toBe(cardErrorWords[code]);
    for (const code of Object.keys(readerErrorWords) as ReaderErrorCode[]) expect(new ReaderError(code, 'x').words).toBe(readerErrorWords[code]);
  });

  it("carries a module's words across the contract, and nothing more than its own words otherwise", () => {
    const refused = ContractError.carrying('bad-request', 'wrong-passphrase: no', new BackupError('wrong-passphrase', 'no'), 'passphrase');
    const shape = ContractErrorShape.parse(JSON.parse(JSON.stringify(refused.toShape())));
    const received = ContractError.fromShape(shape);
    expect(received.carriesWords).toBe(true);
    expect(received.words).toEqual({ vi: 'Cụm mật khẩu không mở được bản sao lưu này.', en: 'The passphrase does not open this backup.' });
    expect({ code: received.code, field: received.field, retryable: received.retryable }).toEqual({ code: 'bad-request', field: 'passphrase', retryable: false });

    const plain = ContractError.fromShape(new ContractError('unavailable', 'no card reader').toShape());
    expect(plain.carriesWords).toBe(false);
    expect(plain.toShape()).toEqual({ code: 'unavailable', message: 'no card reader' });
  });
});
