// The local store's public face, for the check-in use case, the outbox worker, the hosts and the CLI.
export { AuditLog, type AuditAction, type AuditEntry } from './audit-log';
export { databaseInfo, openDatabase, schemaVersionOfImage, snapshotDatabase, SCHEMA_VERSION, type DatabaseInfo, type SqliteDatabase } from './database';
export { StoreError, type StoreErrorCode } from './errors';
export { createFileOnce, FILE_KEY_WARNING, FileKeyStore, replaceFile, StaticKeyStore, type KeyStore } from './key-store';
export { idempotencyKeyOf, type ClaimOptions, type ItemError } from './outbox';
export { MASTER_KEY_BYTES, PiiCipher } from './pii-cipher';
export { formatQueueNumber, queueDayOf } from './queue-day';
export * from './records';
export { DEFAULT_RETENTION_DAYS, purgeExpiredPii, type PurgeResult } from './retention';
export { newVisitId, Store, type StoreOptions } from './store';
export { isMirroredCounter } from './visit-queue';
