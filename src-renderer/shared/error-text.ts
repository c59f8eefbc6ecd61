import { ContractError } from '../../src-main/contract';

/**
 * What to tell the operator about a refused request: the words of the core's module that refused it, in
 * the operator's language (the UI keeps no copy of them); otherwise the error's own message.
 */
export function errorText(error: unknown, language: string): string {
  if (error instanceof ContractError && error.carriesWords) return language.startsWith('en') ? error.words.en : error.words.vi;
  return error instanceof Error ? error.message : String(error);
}
