// From an HTTP reply to a checked gateway answer. Pure, so the fuzz tests can hit it with anything.
import type { z } from 'zod';
import { GatewayError } from './errors';
import type { HttpReply } from './http';
import { checkShape, looseResultCode, parseJsonObject } from './responses';

export type ReadReply<T> =
  /** The token was refused: HTTP 401 or maKetQua "401" (gateways differ; both are seen). */
  | { unauthorized: true }
  | { unauthorized: false; raw: Record<string, unknown>; value: T };

const ok = (status: number) => status >= 200 && status < 300;

export function readReply<S extends z.ZodType>(reply: HttpReply, schema: S, what: string): ReadReply<z.output<S>> {
  if (reply.status === 401) return { unauthorized: true };
  let raw: Record<string, unknown>;
  try {
    raw = parseJsonObject(reply.body);
  } catch (error) {
    // An IIS error page or a proxy's: the status says more than the body.
    if (!ok(reply.status)) throw new GatewayError('gateway', `${what}: HTTP ${reply.status}`, { httpStatus: reply.status });
    throw error;
  }
  const maKetQua = looseResultCode(raw);
  if (maKetQua === '401') return { unauthorized: true };
  if (!ok(reply.status)) {
    throw new GatewayError('gateway', `${what}: HTTP ${reply.status}`, { httpStatus: reply.status, ...(maKetQua ? { maKetQua } : {}) });
  }
  return { unauthorized: false, raw, value: checkShape(schema, raw, what) };
}
