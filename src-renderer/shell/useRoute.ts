import { useEffect, useState } from 'react';
import { RecoveryReason } from '../../src-main/contract';

export type Route = { view: 'desk' } | { view: 'kiosk' } | { view: 'display' } | { view: 'ticket'; visitId: string } | { view: 'recovery'; reason: RecoveryReason };

export function routeOf(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/kiosk') return { view: 'kiosk' };
  if (path === '/display') return { view: 'display' };
  const ticket = /^\/ticket\/([\w-]{1,64})$/.exec(path);
  if (ticket) return { view: 'ticket', visitId: ticket[1]! };
  const recovery = RecoveryReason.safeParse(/^\/recovery\/([\w-]+)$/.exec(path)?.[1]);
  if (recovery.success) return { view: 'recovery', reason: recovery.data };
  return { view: 'desk' };
}

/** Hash routes: the same bundle serves the desk, the kiosk, the waiting-room display and ticket printing. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
