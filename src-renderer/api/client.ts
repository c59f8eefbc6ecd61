// The renderer's only door to the core: typed requests and events over whichever host serves the UI.
// Responses and events are validated against the contract here too, so a broken host cannot feed the
// UI values it does not expect.
import {
  ContractError,
  ContractErrorShape,
  events,
  requests,
  type EventChannel,
  type EventOf,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
} from '../../src-main/contract';

/** What a transport does: send one request, deliver raw events. */
export interface Transport {
  send(channel: RequestChannel, payload: unknown): Promise<unknown>;
  onEvent(listener: (channel: string, payload: unknown) => void): () => void;
}

export type Reply = { ok: true; result: unknown } | { ok: false; error: unknown };

export function unwrapReply(reply: Reply): unknown {
  if (reply.ok) return reply.result;
  const shape = ContractErrorShape.safeParse(reply.error);
  throw shape.success ? ContractError.fromShape(shape.data) : new ContractError('internal', 'request failed');
}

export class ContractClient {
  constructor(private readonly transport: Transport) {}

  async request<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    // A request the contract refuses never leaves: the same typed error the core would give, with its field.
    const parsed = requests[channel].request.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ContractError('bad-request', `${channel}: ${issue?.message ?? 'invalid'}`, issue?.path.join('.') || undefined);
    }
    const result = await this.transport.send(channel, parsed.data);
    const checked = requests[channel].response.safeParse(result);
    if (!checked.success) throw new ContractError('bad-response', `${channel} returned an invalid response`);
    return checked.data as ResponseOf<C>;
  }

  on<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void {
    return this.transport.onEvent((name, payload) => {
      if (name !== channel) return;
      const checked = events[channel].safeParse(payload);
      if (checked.success) listener(checked.data as EventOf<C>);
    });
  }
}
