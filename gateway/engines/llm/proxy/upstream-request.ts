import { Agent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { GatewayError } from '../../../errors';

// Keep-alive pools: a new TCP connection per request would cost more than the whole proxy hop.
const httpAgent = new Agent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets: Infinity, maxFreeSockets: 256 });
const httpsAgent = new HttpsAgent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets: Infinity, maxFreeSockets: 256 });

export interface UpstreamCall {
  model: string;
  url: string;
  body: Buffer;
  apiKey: string | null;
  requestId: string;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  signal: AbortSignal;
}

/** The client went away: not a failure of anyone, nothing to answer. */
export class ClientAbort extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientAbort';
  }
}

/**
 * POSTs to the upstream and resolves with its response head. Three bounds: TCP connect, the
 * response head (the whole generation when not streamed), and the caller's abort signal.
 */
export function sendUpstream(call: UpstreamCall): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (call.signal.aborted) return reject(new ClientAbort());
    const target = targetOf(call.url);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json', 'content-length': call.body.length, accept: 'application/json, text/event-stream', 'x-request-id': call.requestId,
    };
    if (call.apiKey) headers.authorization = `Bearer ${call.apiKey}`;
    const req = target.send({ ...target.options, headers });
    let failure: Error | null = null;
    const fail = (err: Error): void => {
      failure ??= err;
      req.destroy(err);
    };
    const firstByte = setTimeout(() => fail(timeout(call.model, 'first-byte', call.firstByteTimeoutMs)), call.firstByteTimeoutMs);
    const onAbort = (): void => fail(new ClientAbort());
    call.signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      clearTimeout(firstByte);
      call.signal.removeEventListener('abort', onAbort);
    };
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const connect = setTimeout(() => fail(timeout(call.model, 'connect', call.connectTimeoutMs)), call.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connect));
      socket.once('close', () => clearTimeout(connect));
    });
    req.on('response', (res) => {
      done();
      resolve(res);
    });
    req.on('error', (err) => {
      done();
      reject(failure ?? unreachable(call.model, err));
    });
    req.end(call.body);
  });
}

interface Target {
  send: typeof httpRequest;
  options: RequestOptions;
}

// A handful of engine URLs, each parsed once: a URL parse per proxied request is measurable.
const targets = new Map<string, Target>();

function targetOf(url: string): Target {
  let target = targets.get(url);
  if (!target) {
    const u = new URL(url);
    const https = u.protocol === 'https:';
    target = {
      send: https ? httpsRequest : httpRequest,
      options: { method: 'POST', protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || (https ? 443 : 80), path: `${u.pathname}${u.search}`, agent: https ? httpsAgent : httpAgent, ...(u.username ? { auth: `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` } : {}) },
    };
    if (targets.size >= 256) targets.clear();
    targets.set(url, target);
  }
  return target;
}

export function timeout(model: string, what: 'connect' | 'first-byte' | 'idle', ms: number): GatewayError {
  const phrase = { connect: 'accept the connection', 'first-byte': 'start answering', idle: 'send the next part of its answer' }[what];
  return new GatewayError('upstream_timeout', `The engine of "${model}" did not ${phrase} within ${ms / 1000} s.`, {
    hint: 'The model may be overloaded or stuck: retry later; an operator can raise options.firstByteTimeoutSeconds / options.idleTimeoutSeconds or check the engine events.',
  });
}

function unreachable(model: string, err: NodeJS.ErrnoException): GatewayError {
  return new GatewayError('upstream_error', `The engine of "${model}" could not be reached (${err.code ?? err.message}).`, {
    hint: 'The engine may have just stopped: retry; if it repeats, check the model state on the Models page.',
    cause: err,
  });
}
