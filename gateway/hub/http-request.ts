import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { GatewayError } from '../errors';

// Kept-alive connections: a model is many requests to the same hosts.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 32 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 32 });

export interface OpenOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Sent only to the hub's own origin, never to a redirect target elsewhere (signed CDN URLs). */
  token?: string | null;
  /** The hub's origin: redirects may go there, or to any https URL, nowhere else. */
  hubOrigin: string;
  signal?: AbortSignal;
  maxRedirects?: number;
}

export interface OpenedResponse {
  res: IncomingMessage;
  url: string;
  /** Headers of the first answer (X-Repo-Commit, X-Linked-Etag live on the hub's redirect). */
  firstHeaders: IncomingMessage['headers'];
}

/** One request, following redirects under the rule above; the body is the caller's to consume. */
export async function openUrl(url: string, options: OpenOptions): Promise<OpenedResponse> {
  let current = new URL(url);
  let firstHeaders: IncomingMessage['headers'] | undefined;
  for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
    const res = await send(current, options);
    firstHeaders ??= res.headers;
    const location = res.headers.location;
    if (res.statusCode === undefined || res.statusCode < 300 || res.statusCode >= 400 || !location) return { res, url: current.toString(), firstHeaders };
    res.resume();
    const next = new URL(location, current);
    if (next.protocol !== 'https:' && next.origin !== options.hubOrigin) {
      throw new GatewayError('download_failed', `The hub redirected a download to ${next.origin}, which is neither https nor the hub itself; refused.`, {
        hint: 'Check HF_ENDPOINT: a mirror must redirect to https or to its own address.',
      });
    }
    current = next;
  }
  throw new GatewayError('download_failed', `Too many redirects for ${url}.`, { hint: 'Check HF_ENDPOINT.' });
}

function send(url: URL, options: OpenOptions): Promise<IncomingMessage> {
  const isHttps = url.protocol === 'https:';
  const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'passerelle-gateway', ...options.headers };
  if (options.token && url.origin === options.hubOrigin) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = (isHttps ? httpsRequest : httpRequest)(url, {
      method: options.method ?? 'GET', headers, agent: isHttps ? httpsAgent : httpAgent, signal: options.signal,
    }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Reads a small error body (the hub's JSON `error`), bounded. */
export async function readErrorMessage(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > 4096) break;
  }
  res.destroy();
  try {
    const parsed = JSON.parse(text) as { error?: string; message?: string };
    return parsed.error ?? parsed.message ?? text;
  } catch {
    return text.slice(0, 500);
  }
}
