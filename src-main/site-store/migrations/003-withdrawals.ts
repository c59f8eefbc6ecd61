// Site store version 3: a called patient withdrawn from the counter. When the station that owns a visit
// cancels it, or moves it to another clinic, while a desk has it called, a `withdraw` row of `calls` is
// announced like any call, so that desk and every display drop the number at once instead of showing it
// until the counter's next call.
export const migration003 = {
  version: 3,
  name: 'withdrawals',
  sql: `
ALTER TABLE calls DROP CONSTRAINT calls_action_check;
ALTER TABLE calls ADD CONSTRAINT calls_action_check CHECK (action IN ('call', 'recall', 'skip', 'serve', 'withdraw'));
`,
} as const;
