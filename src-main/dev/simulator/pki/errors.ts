// Failures of the test PKI: fixture files missing or unreadable, keys it cannot use. They surface in
// developer tooling and tests only (the simulator), so the message is English; the code is for callers.
export type TestPkiErrorCode = 'missing-fixture' | 'malformed-pem' | 'malformed-key' | 'unsupported-key';

export class TestPkiError extends Error {
  override readonly name = 'TestPkiError';
  readonly code: TestPkiErrorCode;

  constructor(code: TestPkiErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
  }
}
