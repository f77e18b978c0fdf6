import type { RequestHandler } from 'express';
import { GatewayError } from '../../errors';

const LOOPBACK_BIND = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;
const LOOPBACK_NAME = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

export function isLoopbackBind(host: string): boolean {
  return LOOPBACK_BIND.test(host);
}

/** The host name of a Host header, lower-cased, without the port ("[::1]:8000" → "[::1]"). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * DNS-rebinding guard (CVE-2024-28224 in Ollama): when the gateway listens on loopback, a page on
 * another site can still reach it through a name that resolves to 127.0.0.1, and the Host header is
 * then the only thing naming the attacker's domain. So on a loopback bind, or whenever
 * ALLOWED_HOSTS is set, Host must be a loopback name or one of ALLOWED_HOSTS.
 */
export function hostGuard(bindHost: string, allowedHosts: readonly string[]): RequestHandler {
  const enforce = isLoopbackBind(bindHost) || allowedHosts.length > 0;
  const allowed = new Set(allowedHosts);
  return (req, _res, next) => {
    if (!enforce) return next();
    const header = req.headers.host;
    const name = header ? hostName(header) : '';
    if (name && (LOOPBACK_NAME.test(name) || allowed.has(name))) return next();
    next(new GatewayError('forbidden_host', `Host "${header ?? ''}" is not allowed here.`, {
      hint: 'Use http://127.0.0.1 or http://localhost, or add this host name to ALLOWED_HOSTS on the gateway.',
    }));
  };
}
