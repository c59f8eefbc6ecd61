// What the CLI's commands refuse, apart from what the core throws: both exit 2.

import { CodedError, type Words } from '../contract/errors';

/** Flags missing, unknown or at odds with each other. */
export class UsageError extends CodedError {
  readonly code = 'usage';

  get words(): Words {
    return { vi: 'Sai cách dùng lệnh.', en: 'The command was not used as its usage says.' };
  }

  get retryable(): boolean {
    return false;
  }
}

/** What a command must never do: simulated cards reported as real ones, an installation it cannot open. */
export class RefusedError extends CodedError {
  readonly code = 'refused';

  get words(): Words {
    return { vi: 'Lệnh từ chối làm việc này.', en: 'The command refuses to do this.' };
  }

  get retryable(): boolean {
    return false;
  }
}
