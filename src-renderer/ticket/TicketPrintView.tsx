import type { ContractClient } from '../api/client';
import { useRequest } from '../shell/useCore';
import { TicketCard } from './TicketCard';

/** `#/ticket/<visitId>`: the page the printer prints (80 mm wide, nothing else on it). */
export function TicketPrintView({ client, visitId }: { client: ContractClient; visitId: string }) {
  const [ticket] = useRequest(client, 'ticket.get', { visitId });
  return <div className="print-page">{ticket.state === 'ready' && <TicketCard ticket={ticket.value} />}</div>;
}
