// The desktop app's last line: an error nothing caught (a throw in a timer, a rejected promise nobody
// awaited) is logged, and the window shows the recovery screen instead of a desk that silently stopped
// answering. The process keeps running only to show that screen; closing it relaunches the app, since
// state after an uncaught error cannot be trusted.
import type { Logger } from '../../log/logger';

export interface Supervision {
  /** True once an uncaught error was seen. */
  readonly failed: boolean;
  stop(): void;
}

export function superviseProcess(logger: Logger, showRecovery: () => void): Supervision {
  let failed = false;
  const onFatal = (kind: 'uncaught-exception' | 'unhandled-rejection') => (error: unknown) => {
    logger.fatal({ err: error, kind }, 'uncaught error in the core');
    if (failed) return;
    failed = true;
    showRecovery();
  };
  const onException = onFatal('uncaught-exception');
  const onRejection = onFatal('unhandled-rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    get failed() {
      return failed;
    },
    stop: () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
