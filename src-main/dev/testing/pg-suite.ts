// One PostgreSQL cluster of its own for a test file: made before its tests, destroyed after them.
import { afterAll, beforeAll } from 'vitest';
import { PgCluster } from './postgres';

export function usePgCluster(): { readonly cluster: PgCluster } {
  const suite = {} as { cluster: PgCluster };
  beforeAll(async () => {
    suite.cluster = await PgCluster.create();
  });
  afterAll(async () => {
    await suite.cluster?.destroy();
  });
  return suite;
}
