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
});
export type ContractErrorShape = z.infer<typeof ContractErrorShape>;

export class ContractError extends Error {
  readonly code: ContractErrorCode;

  constructor(code: ContractErrorCode, message: string) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
  }

  toShape(): ContractErrorShape {
    return { code: this.code, message: this.message.slice(0, 500) };
  }

  static fromShape(shape: ContractErrorShape): ContractError {
    return new ContractError(shape.code, shape.message);
  }
}
