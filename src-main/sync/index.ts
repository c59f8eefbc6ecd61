// The outbox worker and the connectivity state, for the check-in use case, the hosts and the CLI.
export { backoffDelay, ITEM_BACKOFF, UNREACHABLE_BACKOFF, type BackoffPolicy } from './backoff';
export { ConnectivityMonitor, DEFAULT_CONNECTIVITY, observationOfError, type Connectivity, type ConnectivityOptions, type Observation } from './connectivity';
export {
  DEFAULT_WORKER_OPTIONS,
  OutboxWorker,
  type DrainReport,
  type ItemContext,
  type ItemOutcome,
  type ItemSuccess,
  type OutboxEvent,
  type OutboxHandler,
  type OutboxWorkerDeps,
  type OutboxWorkerOptions,
  type SyncState,
} from './outbox-worker';
