import { useCallback, useEffect, useRef, useState } from 'react';
import type { ContractClient } from '../api/client';
import { emptyRead, foldRead, type ReadState } from './read-state';

/** Every read's state by id, and the id of the read on screen. */
export function useReads(client: ContractClient) {
  const reads = useRef(new Map<string, ReadState>());
  const [current, setCurrent] = useState<ReadState | null>(null);
  const currentId = useRef<string | null>(null);

  useEffect(
    () =>
      client.on('read.event', (event) => {
        const next = foldRead(reads.current.get(event.readId) ?? emptyRead(event.readId), event);
        reads.current.set(event.readId, next);
        if (event.readId === currentId.current) setCurrent(next);
      }),
    [client],
  );

  const show = useCallback((readId: string) => {
    currentId.current = readId;
    setCurrent(reads.current.get(readId) ?? emptyRead(readId));
  }, []);

  const clear = useCallback(() => {
    currentId.current = null;
    setCurrent(null);
  }, []);

  return { current, show, clear };
}
