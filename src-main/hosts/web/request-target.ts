// The request target of an HTTP request as a URL on our own origin, or null when it is not one. Only the
// origin form (RFC 9112 §3.2.1: an absolute path and an optional query) is served, and never one that
// starts `//`: URL parsers read that as an authority (`new URL('//[', base)` throws, `//evil.example/x` is
// another host), and the UI never asks for one.
export function parseRequestTarget(target: string | undefined, origin: string): URL | null {
  if (!target?.startsWith('/') || target.startsWith('//')) return null;
  try {
    const url = new URL(origin + target);
    return url.origin === origin ? url : null;
  } catch {
    return null;
  }
}
