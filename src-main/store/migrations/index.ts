// The numbered migrations, in order. Append only.
import { migration001 } from './001-initial';
import { migration002 } from './002-outbox-lanes';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
