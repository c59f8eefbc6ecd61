// The renderer is served from app://tiepdon/, never file://, so it has a real origin for CSP and for the
// IPC sender check, and cannot read arbitrary files.
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { securityHeaders } from '../csp';
import { resolveStaticFile } from '../static-files';
import { APP_HOST, APP_SCHEME } from './security';

/** Must run before `app` is ready. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export async function serveAppRequest(rendererDir: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const file = url.host === APP_HOST && request.method === 'GET' ? resolveStaticFile(rendererDir, url.pathname) : null;
  if (!file) return new Response('not found', { status: 404, headers: securityHeaders });
  return new Response(await readFile(file.path), {
    status: 200,
    headers: { ...securityHeaders, 'Content-Type': file.mimeType },
  });
}

export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
}
