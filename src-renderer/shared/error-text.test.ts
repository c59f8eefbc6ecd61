import { describe, expect, it } from 'vitest';
import { ContractError } from '../../src-main/contract';
import { errorText } from './error-text';

describe('errorText', () => {
  const refused = ContractError.fromShape({
    code: 'bad-request',
    message: 'wrong-passphrase: the passphrase does not open it',
    words: { vi: 'Cụm mật khẩu không mở được bản sao lưu này.', en: 'The passphrase does not open this backup.' },
    retryable: false,
  });

  it("shows the core's words in the operator's language", () => {
    expect(errorText(refused, 'vi')).toBe('Cụm mật khẩu không mở được bản sao lưu này.');
    expect(errorText(refused, 'en-GB')).toBe('The passphrase does not open this backup.');
  });

  it('falls back to the message when no module gave words', () => {
    expect(errorText(new ContractError('unavailable', 'no card reader'), 'vi')).toBe('no card reader');
    expect(errorText('offline', 'vi')).toBe('offline');
  });
});
