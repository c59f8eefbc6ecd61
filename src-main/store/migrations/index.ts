// The numbered migrations, in order. Append only.
import { migration001 } from './001-initial';
import { migration002 } from './002-visit-queue-states';
import { migration003 } from './003-outbox-lanes';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Rebuilds tables others reference: runs with foreign keys off, checked before it commits. */
  foreignKeysOff?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
