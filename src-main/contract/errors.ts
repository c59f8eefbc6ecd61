// Errors cross the contract as values with a code; the UI maps codes to words (Vietnamese first).
import { z } from 'zod';

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
});
export type ContractErrorShape = z.infer<typeof ContractErrorShape>;

export class ContractError extends Error {
  readonly code: ContractErrorCode;
  readonly field: string | undefined;

  constructor(code: ContractErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
    this.field = field;
  }

  toShape(): ContractErrorShape {
    return { code: this.code, message: this.message.slice(0, 500), ...(this.field ? { field: this.field.slice(0, 100) } : {}) };
  }

  static fromShape(shape: ContractErrorShape): ContractError {
    return new ContractError(shape.code, shape.message, shape.field);
  }
}
