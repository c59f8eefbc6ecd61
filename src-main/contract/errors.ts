// One coded error base for the whole core, and how errors cross the contract. Every module's errors
// extend CodedError: a stable `code`, `words` to show staff in Vietnamese and English, and `retryable`
// (trying the same thing again may work: the card put back, the network back). `message` stays the
// English detail for logs and the CLI. An error reaches the UI as a ContractError whose shape carries
// the words, so the UI shows them in the operator's language without a copy of its own.
import { z } from 'zod';

export const Words = z.object({ vi: z.string().max(1000), en: z.string().max(1000) });
/** What people are told, Vietnamese first. */
export type Words = z.infer<typeof Words>;

export abstract class CodedError extends Error {
  abstract readonly code: string;
  /** What staff are told. */
  abstract get words(): Words;
  /** Whether doing the same again may succeed without anyone changing anything. */
  abstract get retryable(): boolean;
}

export const ContractErrorCode = z.enum([
  'bad-request',
  'bad-response',
  'unknown-channel',
  'forbidden',
  'unavailable',
  'internal',
]);
export type ContractErrorCode = z.infer<typeof ContractErrorCode>;

export const ContractErrorShape = z.object({
  code: ContractErrorCode,
  message: z.string().max(500),
  /** The request field at fault ("facility.code"), so a form can put the words next to it. */
  field: z.string().max(100).optional(),
  /** The words of the error behind it, when a module raised it: shown in the operator's language. */
  words: Words.optional(),
  retryable: z.boolean().optional(),
});
export type ContractErrorShape = z.infer<typeof ContractErrorShape>;

const contractWords: Record<ContractErrorCode, Words> = {
  'bad-request': { vi: 'Yêu cầu không hợp lệ.', en: 'The request is not valid.' },
  'bad-response': { vi: 'Phần mềm trả lời không hợp lệ. Vui lòng báo bộ phận CNTT.', en: 'The software gave an invalid answer. Tell IT.' },
  'unknown-channel': { vi: 'Yêu cầu này không được hỗ trợ.', en: 'This request is not supported.' },
  forbidden: { vi: 'Không được phép thực hiện thao tác này.', en: 'This action is not allowed.' },
  unavailable: { vi: 'Chức năng này không có ở đây.', en: 'This function is not available here.' },
  internal: { vi: 'Đã xảy ra lỗi. Vui lòng thử lại.', en: 'Something went wrong. Please try again.' },
};

export class ContractError extends CodedError {
  readonly code: ContractErrorCode;
  readonly field: string | undefined;
  private readonly carried: { words: Words; retryable: boolean } | undefined;

  constructor(code: ContractErrorCode, message: string, field?: string, carried?: { words: Words; retryable: boolean }) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
    this.field = field;
    this.carried = carried;
  }

  /** A module's error on its way to the UI: the channel's code, the module's words. */
  static carrying(code: ContractErrorCode, message: string, error: CodedError, field?: string): ContractError {
    return new ContractError(code, message, field, { words: error.words, retryable: error.retryable });
  }

  /** Words from the module that raised it when there was one, else the words of the contract's code. */
  get words(): Words {
    return this.carried?.words ?? contractWords[this.code];
  }

  get retryable(): boolean {
    return this.carried?.retryable ?? this.code === 'internal';
  }

  /** Whether a module's words came with it (otherwise `message` is the more precise text). */
  get carriesWords(): boolean {
    return this.carried !== undefined;
  }

  toShape(): ContractErrorShape {
    return {
      code: this.code,
      message: this.message.slice(0, 500),
      ...(this.field ? { field: this.field.slice(0, 100) } : {}),
      ...(this.carried ? { words: { vi: this.carried.words.vi.slice(0, 1000), en: this.carried.words.en.slice(0, 1000) }, retryable: this.carried.retryable } : {}),
    };
  }

  static fromShape(shape: ContractErrorShape): ContractError {
    return new ContractError(shape.code, shape.message, shape.field, shape.words ? { words: shape.words, retryable: shape.retryable ?? false } : undefined);
  }
}
