import { GatewayError } from '../../gateway/errors';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * A remote profile's base URL, normalised (no trailing slash, no query). https anywhere; plain http
 * only on loopback, which is an SSH tunnel: over the network the admin token would travel in clear,
 * and the console's secure origin could not call it anyway (mixed content).
 */
export function normaliseProfileUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new GatewayError('insecure_profile_url', `"${input}" is not a URL.`, { param: 'url', hint: 'Enter the gateway address, such as https://dgx.example.com or http://127.0.0.1:8000.' });
  }
  const isLoopback = LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
    throw new GatewayError('insecure_profile_url', `The console attaches only over https, or over http to this machine (an SSH tunnel); "${url.origin}" is neither.`, {
      param: 'url',
      hint: 'Put the gateway behind TLS (https), or open a tunnel with `ssh -L 8000:127.0.0.1:8000 <host>` and attach to http://127.0.0.1:8000.',
    });
  }
  if (url.username || url.password) {
    throw new GatewayError('insecure_profile_url', 'The URL must not carry a user name or password; the admin token is entered separately.', { param: 'url' });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Plain http to another machine: the admin token would cross the network in clear. */
export function isTokenSentInClear(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && !LOOPBACK.test(u.hostname);
  } catch {
    return false;
  }
}
