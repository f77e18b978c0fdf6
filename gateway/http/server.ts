import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { GatewayApp } from './app';
import { answerClientErrors, answerUnknownExpectations } from './client-error';

export class PortInUseError extends Error {
  constructor(readonly host: string, readonly port: number) {
    super(`Port ${port} on ${host} is already in use. Stop the process that holds it, or set API_PORT to a free port.`);
    this.name = 'PortInUseError';
  }
}

export interface RunningServer {
  server: Server;
  port: number;
  /** Ends event streams, lets in-flight requests finish within `timeoutMs` (new ones get 503), then closes. */
  drain(timeoutMs: number): Promise<void>;
}

/**
 * Listens on host:port, HTTPS when `tls` is given. A port in use is an error, never a silent move
 * to another port.
 */
export async function listen(gateway: GatewayApp, host: string, port: number, tls?: { cert: string; key: string }): Promise<RunningServer> {
  // No overall request timeout (a large upload on a slow link may take long): headers must arrive
  // within 30 s, and a body that stalls is cut by its reader (JSON bodies and uploads: 408).
  const options = { requestTimeout: 0, headersTimeout: 30_000, keepAliveTimeout: 5_000 };
  // A TLS handshake that does not finish in 10 s is dropped (Node's default waits 120 s).
  const server: Server = tls ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key, handshakeTimeout: 10_000 }, gateway.app) : createServer(options, gateway.app);
  answerClientErrors(server);
  answerUnknownExpectations(server);
  const inFlight = new Set<Socket>();
  server.on('request', (req, res) => {
    const socket = req.socket;
    inFlight.add(socket);
    res.on('close', () => inFlight.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port) : err));
    server.listen({ host, port, exclusive: true }, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;

  // The listener stays open while draining, so probes and new requests get a quick 503
  // (drain-gate.ts) instead of a refused connection; it closes once in-flight work is done.
  async function drain(timeoutMs: number): Promise<void> {
    for (const stream of gateway.streams) stream.end();
    server.closeIdleConnections();
    const deadline = Date.now() + timeoutMs;
    while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  return { server, port: actualPort, drain };
}
