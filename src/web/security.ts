import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'hono';
import { HttpError } from './query.js';

/** No inline script or style, nothing fetched from anywhere but this server, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const TOKEN_COOKIE = 'autoswe_token';

/** True for host names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** The host name of a Host header value (`[::1]:8765` → `::1`). */
export function hostName(hostHeader: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(hostHeader);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  return hostHeader.replace(/:\d+$/, '');
}

/** Security headers on every response; pages and API answers are never cached (they are live state). */
export async function securityHeaders(c: Context, next: Next): Promise<void> {
  await next();
  const headers = c.res.headers;
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
}

/**
 * On a loopback bind, refuse requests addressed to any other host name: a web page elsewhere that
 * rebinds its own name to 127.0.0.1 (DNS rebinding) cannot read the console.
 */
export function loopbackHostCheck(c: Context, next: Next): Promise<void> {
  const host = c.req.header('host');
  if (host === undefined || !isLoopbackHost(hostName(host))) {
    throw new HttpError(421, `this server answers only to loopback host names, not '${host ?? ''}'`);
  }
  return next();
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares in constant time, so response timing does not leak the token. */
export function tokenMatches(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Every request must carry the token: `Authorization: Bearer <token>`, the cookie, or `?token=` once
 * (which sets the cookie and redirects to the same address without it, so it leaves the address bar).
 */
export function requireToken(token: string) {
  return async (c: Context, next: Next): Promise<Response | undefined> => {
    // The scheme is case-insensitive (RFC 9110 section 11.1): `bearer`, `BEARER` and `Bearer` alike.
    const bearer = /^bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (
      tokenMatches(bearer, token) ||
      tokenMatches(cookieValue(c.req.header('cookie'), TOKEN_COOKIE), token)
    ) {
      await next();
      return undefined;
    }
    const fromQuery = c.req.query('token');
    if (!tokenMatches(fromQuery, token)) {
      throw new HttpError(
        401,
        'a token is required: open the address with ?token=<token> once, or send Authorization: Bearer <token>',
      );
    }
    const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    if (c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return new Response(null, {
        status: 303,
        // One leading slash: `//evil.example/` (or `/\evil.example/`) would be a redirect to another host.
        headers: { Location: `${url.pathname.replace(/^[/\\]+/, '/')}${url.search}`, 'Set-Cookie': cookie },
      });
    }
    await next();
    c.res.headers.append('Set-Cookie', cookie);
    return undefined;
  };
}

/**
 * State changes: POST only, and only from this server's own pages. The Origin header (or, without it,
 * Sec-Fetch-Site) must say same-origin, so another site cannot make an open browser approve a rule.
 */
export function sameOriginPost(c: Context, next: Next): Promise<void> {
  if (c.req.method !== 'POST') throw new HttpError(405, `${c.req.method} is not allowed here; use POST`);
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  const fetchSite = c.req.header('sec-fetch-site');
  const sameOrigin =
    origin !== undefined && origin !== 'null'
      ? host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)
      : fetchSite === 'same-origin';
  if (!sameOrigin) {
    throw new HttpError(
      403,
      "cross-origin request refused: state changes must come from this server's own page (Origin header)",
    );
  }
  return next();
}
