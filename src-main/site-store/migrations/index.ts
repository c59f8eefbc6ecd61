// The site store's numbered migrations, in order. Append only.
import type { Migration } from '../../store/migrations';
import { migration001 } from './001-initial';
import { migration002 } from './002-calls';
import { migration003 } from './003-withdrawals';

export const SITE_MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];

export const SITE_SCHEMA_VERSION = SITE_MIGRATIONS[SITE_MIGRATIONS.length - 1]!.version;
