// What the CLI's commands refuse, apart from what the core throws: both exit 2.

/** Flags missing, unknown or at odds with each other. */
export class UsageError extends Error {}

/** What a command must never do: simulated cards reported as real ones, an installation it cannot open. */
export class RefusedError extends Error {
  readonly code = 'refused';
}
