// What the hosts show when the core cannot run: the recovery screen's reason for an error, so staff read
// "the database is damaged" rather than a blank window, and know whom to call.
import { ContractError, type RecoveryReason } from '../contract';
import { SettingsDamagedError } from '../settings/settings-store';
import { StoreError } from '../store/errors';
import type { ContractCore } from './core';
import { InstallationError } from '../settings/installation';

const DATABASE_FAILURES = new Set<StoreError['code']>(['open-failed', 'damaged', 'migration-failed', 'decrypt-failed', 'wrong-key']);

export function recoveryReasonOf(error: unknown): RecoveryReason {
  if (error instanceof StoreError && DATABASE_FAILURES.has(error.code)) return 'database-damaged';
  if (error instanceof SettingsDamagedError || error instanceof InstallationError) return 'configuration-damaged';
  return 'crashed';
}

/** The hash route of the recovery screen, shared by the Electron window and the web host's redirect. */
export function recoveryRoute(reason: RecoveryReason): string {
  return `#/recovery/${reason}`;
}

/** The core a host serves when the real one could not start: every request is refused, nothing happens. */
export function unavailableCore(reason: RecoveryReason): ContractCore {
  return {
    dispatch: async () => {
      throw new ContractError('unavailable', `the core is not running (${reason})`);
    },
    subscribe: () => () => undefined,
  };
}
