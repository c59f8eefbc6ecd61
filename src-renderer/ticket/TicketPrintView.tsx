import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';
import { TicketCard } from './TicketCard';

/** `#/ticket/<visitId>`: the page the printer prints (80 mm wide, nothing else on it). */
export function TicketPrintView({ client, visitId, demo }: { client: ContractClient; visitId: string; demo: boolean }) {
  const [ticket] = useRequest(client, 'ticket.get', { visitId });
  return <div className="print-page">{ticket.state === 'ready' && <TicketCard ticket={ticket.value} demo={demo} />}</div>;
}
