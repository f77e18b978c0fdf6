import { ConfigError, loadConfig } from './config';
import { startGateway } from './gateway';
import { PortInUseError } from './http/server';
import { KeyStoreCorruptError } from './auth/api-key-store';
import { VERSION } from './version';

/**
 * `passerelle-gateway`: configuration → start → one JSON line `{"event":"ready",…}` on stdout →
 * SIGTERM/SIGINT drain and exit 0. Exit 2: bad configuration; exit 1: could not start.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(2, err.message);
    throw err;
  }

  let gateway;
  try {
    gateway = await startGateway(config);
  } catch (err) {
    if (err instanceof PortInUseError) fail(1, err.message);
    if (err instanceof KeyStoreCorruptError) fail(2, err.message);
    fail(1, `cannot start: ${(err as Error).message}`);
  }

  process.stdout.write(`${JSON.stringify({
    event: 'ready', url: gateway.url, host: config.host, port: gateway.port, version: VERSION, pid: process.pid,
    adminTokenFile: gateway.adminToken.file,
    // HTTPS only: what an operator compares with the fingerprint a console shows before pinning it.
    ...(gateway.tls ? { certificateSha256: gateway.tls.fingerprint256 } : {}),
  })}\n`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      gateway.logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    gateway.logger.info({ signal }, 'shutting down');
    gateway.stop().then(() => process.exit(0), (err: unknown) => {
      gateway.logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Embedded in the console (Electron utilityProcess): a `drain` message asks for the same graceful
  // stop, since Windows has no SIGTERM and utilityProcess.kill() is a hard stop there.
  const parentPort = (process as NodeJS.Process & { parentPort?: { on(event: 'message', listener: (e: { data: unknown }) => void): void } }).parentPort;
  if (parentPort) parentPort.on('message', (e) => (e.data as { type?: unknown } | null)?.type === 'drain' && shutdown('SIGTERM'));
  process.on('uncaughtException', (err) => {
    gateway.logger.fatal({ err }, 'uncaught exception: exiting');
    process.exit(1);
  });
}

function fail(code: number, message: string): never {
  process.stderr.write(`passerelle-gateway: ${message}\n`);
  process.exit(code);
}

void main();
