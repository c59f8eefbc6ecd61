import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../src-main/contract';

/**
 * The queue ticket as shown and as printed on 80 mm thermal paper: number, service, counter, time, given
 * name; a demo's ticket says DEMO so it is never taken for a real one.
 */
export function TicketCard({ ticket, demo }: { ticket: Ticket; demo: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const issued = new Date(ticket.issuedAt);
  const time = `${String(issued.getHours()).padStart(2, '0')}:${String(issued.getMinutes()).padStart(2, '0')} ${String(issued.getDate()).padStart(2, '0')}/${String(issued.getMonth() + 1).padStart(2, '0')}/${issued.getFullYear()}`;
  return (
    <article className="ticket" data-testid="ticket">
      <p className="ticket-facility">{t('app.title')}</p>
      {demo && (
        <p className="ticket-demo" data-testid="ticket-demo-marker">
          DEMO
        </p>
      )}
      <p className="ticket-label">{t('ticket.number')}</p>
      <p className="ticket-number" data-testid="ticket-number">
        {ticket.queueNumber}
      </p>
      {ticket.priority && <p className="ticket-priority">{t('ticket.priority')}</p>}
      <p className="ticket-service">{ticket.service.name[language]}</p>
      <p>{t('ticket.counter', { counter: ticket.counter })}</p>
      <p className="ticket-name">{ticket.givenName}</p>
      <p className="ticket-time">{time}</p>
    </article>
  );
}
