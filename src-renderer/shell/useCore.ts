import { useCallback, useEffect, useState } from 'react';
import type { ContractClient } from '../api/client';
import type { RequestChannel, RequestOf, ResponseOf } from '../../src-main/contract';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: Error };

/** Runs one request now and again whenever `reload` is called. */
export function useRequest<C extends RequestChannel>(client: ContractClient, channel: C, payload: RequestOf<C>) {
  const [result, setResult] = useState<Loaded<ResponseOf<C>>>({ state: 'loading' });
  const body = JSON.stringify(payload);
  const reload = useCallback(() => {
    client
      .request(channel, JSON.parse(body) as RequestOf<C>)
      .then((value) => setResult({ state: 'ready', value }))
      .catch((error: Error) => setResult({ state: 'failed', error }));
  }, [client, channel, body]);
  useEffect(reload, [reload]);
  return [result, reload] as const;
}
