// POSTs a transaction Bundle to the HIS's FHIR base URL and reads its transaction-response. The HIS is
// somebody else's server: its answer gets a deadline, a size limit and a shape check, and every way it can
// fail is a HisError the outbox knows how to treat. The HTTP exchange itself is the gateway client's
// (connect and total limits on node:http), with our own agents for the HIS's TLS settings.
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import type { Bundle } from '@medplum/fhirtypes';
import { GatewayError, httpExchange, type HttpTimeouts } from '../insurance';
import { HisError } from './errors';

export type HisAuth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

export interface FhirClientConfig {
  /** The FHIR base, e.g. https://his.example.vn/fhir (the transaction is POSTed to it). */
  baseUrl: string;
  auth: HisAuth;
  /** PEM of the CA that signed the HIS's certificate, when it is not a public one. */
  caPem?: string | null;
  timeouts?: Partial<HttpTimeouts>;
  /** Answers larger than this are refused (default 2 MiB: a transaction-response of four entries is a few kB). */
  maxResponseBytes?: number;
}

export const HIS_TIMEOUTS: HttpTimeouts = { connectMs: 10_000, totalMs: 30_000 };

/** What we keep of the HIS's answer with the done item: the status and where each resource now lives. */
export interface HisReceipt {
  httpStatus: number;
  entries: { status: string; location: string | null; etag: string | null; lastModified: string | null }[];
}

const TransactionResponse = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('transaction-response'),
  entry: z
    .array(
      z.object({
        response: z.object({
          status: z.string().max(100),
          location: z.string().max(2_000).optional(),
          etag: z.string().max(200).optional(),
          lastModified: z.string().max(100).optional(),
        }),
      }),
    )
    .max(1_000),
});

const TLS_CODES = new Set(['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_NOT_YET_VALID']);

function retryAfterMs(status: number, header: string | null): number | undefined {
  if (header === null) return status === 429 ? 60_000 : undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 3_600) * 1_000 : undefined;
}

export class FhirClient {
  private readonly base: URL;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly timeouts: HttpTimeouts;
  private readonly maxResponseBytes: number;

  constructor(private readonly config: FhirClientConfig) {
    let base: URL;
    try {
      base = new URL(config.baseUrl);
    } catch {
      throw new HisError('config', 'the FHIR base URL is not a URL');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new HisError('config', `the FHIR base URL must be http or https, not ${base.protocol}`);
    this.base = base;
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, ...(config.caPem ? { ca: config.caPem } : {}) }) };
    this.timeouts = { ...HIS_TIMEOUTS, ...config.timeouts };
    this.maxResponseBytes = config.maxResponseBytes ?? 2 * 1024 * 1024;
  }

  async transaction(bundle: Bundle, options: { signal?: AbortSignal } = {}): Promise<HisReceipt> {
    const headers: Record<string, string> = { 'Content-Type': 'application/fhir+json; charset=utf-8', Accept: 'application/fhir+json' };
    const { auth } = this.config;
    if (auth.kind === 'bearer') headers.Authorization = `Bearer ${auth.token}`;
    if (auth.kind === 'basic') headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    let reply;
    try {
      reply = await httpExchange(
        { method: 'POST', url: this.base, headers, body: JSON.stringify(bundle) },
        { timeouts: this.timeouts, maxResponseBytes: this.maxResponseBytes, agents: this.agents, ...(options.signal ? { signal: options.signal } : {}) },
      );
    } catch (error) {
      throw hisErrorOf(error);
    }
    const { status } = reply;
    if (status === 401 || status === 403) throw new HisError('auth', `the HIS answered ${status}`, { httpStatus: status });
    if (status === 429 || status === 503 || status >= 500) {
      const wait = retryAfterMs(status, reply.retryAfter ?? null);
      throw new HisError('server', `the HIS answered ${status}`, { httpStatus: status, ...(wait === undefined ? {} : { retryAfterMs: wait }) });
    }
    if (status === 408) throw new HisError('timeout', 'the HIS answered 408', { httpStatus: status });
    if (status < 200 || status >= 300) throw new HisError('rejected', `the HIS answered ${status}${outcomeText(reply.body)}`, { httpStatus: status });
    let parsed;
    try {
      parsed = TransactionResponse.safeParse(JSON.parse(reply.body));
    } catch {
      throw new HisError('bad-response', 'the answer is not JSON', { httpStatus: status });
    }
    if (!parsed.success) throw new HisError('bad-response', 'the answer is not a transaction-response Bundle', { httpStatus: status });
    if (parsed.data.entry.length !== bundle.entry?.length) throw new HisError('bad-response', `the answer has ${parsed.data.entry.length} entries for ${bundle.entry?.length ?? 0} sent`, { httpStatus: status });
    const failed = parsed.data.entry.find((entry) => !/^2\d\d/.test(entry.response.status));
    // A transaction is all or nothing: an entry that did not succeed means the HIS did not apply it.
    if (failed) throw new HisError('rejected', `an entry answered ${failed.response.status.slice(0, 40)}`, { httpStatus: status });
    return {
      httpStatus: status,
      entries: parsed.data.entry.map(({ response }) => ({ status: response.status, location: response.location ?? null, etag: response.etag ?? null, lastModified: response.lastModified ?? null })),
    };
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/**
 * The first issue's code and where it points (FHIRPath), for staff looking at a dead item. Never its
 * free text: servers echo the submitted values there (a patient's name, an address), and this message
 * is kept in the outbox and shown by `sync`.
 */
function outcomeText(body: string): string {
  try {
    const outcome = z.object({ issue: z.array(z.object({ code: z.string().optional(), expression: z.array(z.string()).optional() })).min(1) }).parse(JSON.parse(body));
    const issue = outcome.issue[0]!;
    const code = issue.code && /^[a-z-]{1,40}$/.test(issue.code) ? issue.code : null;
    const path = issue.expression?.find((expression) => expression.length <= 200 && FHIR_PATH.test(expression)) ?? null;
    if (!code && !path) return '';
    return `: ${[code, path && `at ${path}`].filter(Boolean).join(' ')}`;
  } catch {
    return '';
  }
}

/** An element path without values in it (`Encounter.class`, `Bundle.entry[2].resource.identifier[0]`). */
const FHIR_PATH = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*|\[\d{1,4}\])*$/;

function hisErrorOf(error: unknown): HisError {
  if (error instanceof HisError) return error;
  if (error instanceof GatewayError) {
    // The exchange is the gateway client's: its words name the gateway, the detail in brackets is what happened.
    const detail = /\(([^()]*)\)$/.exec(error.message)?.[1] ?? error.code;
    if (error.code === 'timeout') return new HisError('timeout', `no complete answer in time (${detail})`);
    if (error.code === 'aborted') return new HisError('aborted', 'cancelled');
    if (error.code === 'bad-response') return new HisError('bad-response', detail);
    if (error.code === 'bad-input') return new HisError('config', detail);
    if (error.code === 'network' && TLS_CODES.has(detail)) return new HisError('tls', `the HIS's certificate is not trusted (${detail})`);
    return new HisError('network', `could not reach the HIS (${detail})`);
  }
  return new HisError('network', error instanceof Error ? error.message : String(error));
}
