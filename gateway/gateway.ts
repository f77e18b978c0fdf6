import type { DestinationStream } from 'pino';
import type { Config } from './config';
import { createLogger, type Logger } from './logging/logger';
import { EventLog } from './events/event-log';
import { EventBus } from './events/event-bus';
import { ApiKeyStore } from './auth/api-key-store';
import { loadAdminToken, type AdminToken } from './auth/admin-token';
import { Metrics } from './metrics/registry';
import { GpuMonitor } from './gpu/gpu-monitor';
import { Diagnostics } from './diagnostics/diagnostics';
import { hubSources } from './diagnostics/hub-sources';
import { buildModelManager } from './models/build-model-manager';
import { createLlmEngines } from './engines/llm/llm-engines';
import { TranscriptionRunner } from './engines/asr/transcription-runner';
import { vadModelFile } from './engines/asr/vad-model-file';
import { ModelHub } from './models/model-hub';
import { Lifecycle, type AppDeps, type ModelDirectory } from './http/deps';
import { createApp } from './http/app';
import { listen } from './http/server';
import { certificateNames, loadTlsCredentials, type TlsCredentials } from './http/tls-credentials';
import { VERSION } from './version';

export interface StartOptions {
  /** Where logs go (tests capture them); stdout otherwise. */
  logDestination?: DestinationStream;
  sseHeartbeatMs?: number;
  sseMaxBufferedBytes?: number;
  bodyIdleTimeoutMs?: number;
}

export interface RunningGateway {
  url: string;
  port: number;
  deps: AppDeps;
  adminToken: AdminToken;
  /** The certificate served, when HTTPS (TLS_CERT_FILE/TLS_KEY_FILE or TLS=self-signed); null for HTTP. */
  tls: Pick<TlsCredentials, 'fingerprint256' | 'certFile' | 'expiresAt'> | null;
  logger: Logger;
  /** Graceful stop: readiness 503, drain within DRAIN_TIMEOUT_SECONDS, then release everything. */
  stop(): Promise<void>;
}

/** Builds every service from the configuration, serves HTTP, and returns once ready. */
export async function startGateway(config: Config, options: StartOptions = {}): Promise<RunningGateway> {
  const adminToken = loadAdminToken(config.adminToken, config.stateDir);
  // The saved HF token is known once the hub is built; the logger scrubs it from then on.
  let savedHfToken: () => string | null = () => null;
  const logger = createLogger(config.logLevel, {
    destination: options.logDestination,
    secrets: () => [adminToken.secret, config.huggingfaceToken ?? '', savedHfToken() ?? '', ...config.openaiApiKeys].filter(Boolean),
  });
  const events = new EventBus(
    new EventLog({ dir: config.stateDir, onWriteError: (err) => logger.error({ err }, 'cannot write the event log; events stay in memory') }),
    (err) => logger.warn({ err }, 'event listener failed and was removed'),
  );
  const keys = new ApiKeyStore(config.stateDir, config.openaiApiKeys);
  const lifecycle = new Lifecycle();
  const modelHub = new ModelHub({ config, events, logger, runtime: () => modelManager });
  savedHfToken = () => modelHub.token.current();
  const models: ModelDirectory = { list: () => modelHub.openAIModels() };
  const metrics = new Metrics();
  const gpus = new GpuMonitor({
    command: config.nvidiaSmi, pollMs: config.gpuPollMs, cacheDir: config.modelCacheDir, logger: logger.child({ component: 'gpu' }),
    publish: (m) => events.publish(m), record: (e) => events.record(e), registry: metrics.registry,
  });
  gpus.start();
  // Before any load: kills the vLLM process groups a gateway that died left behind.
  const llmEngines = createLlmEngines({ config, events, logger });
  const modelManager = buildModelManager({ config, logger, reporter: events, metrics, gpus, entries: () => modelHub.catalog.list(), hosts: (h) => llmEngines.registerHosts(h) });
  const diagnostics = new Diagnostics({ config, logger: logger.child({ component: 'diagnostics' }), gpus, events: events.log, sources: hubSources(modelHub, events.log) });
  const deps: AppDeps = {
    config, logger, events, keys, adminToken, metrics, lifecycle, models, version: VERSION, gpus, diagnostics, modelManager, runtime: modelManager,
    modelHub, checkModelAccess: (key) => modelHub.checkAccess(key),
    llmTargets: llmEngines.targets({ keys: () => modelHub.catalog.list().map((e) => e.key), entry: (key) => modelHub.catalog.find(key) }, modelManager),
    sseHeartbeatMs: options.sseHeartbeatMs, sseMaxBufferedBytes: options.sseMaxBufferedBytes, bodyIdleTimeoutMs: options.bodyIdleTimeoutMs,
    transcription: new TranscriptionRunner({
      entry: (key) => modelHub.catalog.find(key), acquire: (key) => modelManager.acquire(key), logger: logger.child({ component: 'transcription' }), record: (e) => events.record(e),
      vadModel: (entry) => vadModelFile({ entries: () => modelHub.catalog.list(), cache: modelHub.cache }, entry),
    }),
  };
  const gatewayApp = createApp(deps);
  const tls = await loadTlsCredentials(config.tls, config.stateDir, certificateNames(config.host, config.allowedHosts));
  const server = await listen(gatewayApp, config.host, config.port, tls ?? undefined);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${server.port}`;
  if (tls) {
    const how = config.tls.mode === 'files' ? 'from TLS_CERT_FILE' : tls.isNew ? 'self-signed, generated now' : 'self-signed, kept';
    logger.info({ certFile: tls.certFile, fingerprint256: tls.fingerprint256, expiresAt: tls.expiresAt.toISOString() }, `HTTPS with the certificate ${tls.certFile} (${how}), SHA-256 ${tls.fingerprint256}`);
  }

  if (adminToken.generated) logger.info({ file: adminToken.file }, `admin token generated: read it from ${adminToken.file}`);
  else if (adminToken.file) logger.info({ file: adminToken.file }, `admin token in ${adminToken.file}`);
  if (!keys.hasKeys) logger.warn('no API key is configured: /v1 is open to anyone who can reach this port (set OPENAI_API_KEYS or create keys)');
  lifecycle.state = 'ready';
  // LAZY_LOAD_MODELS=false: every downloaded model loads now, once the GPUs are known.
  if (!config.lazyLoadModels) void gpus.whenReady().then(() => modelManager.loadAllDownloaded());
  const resumed = modelHub.resumeDownloads();
  if (resumed.length > 0) logger.info({ models: resumed }, `resuming downloads: ${resumed.join(', ')}`);
  events.record({ level: 'info', kind: 'gateway.started', message: `Gateway ${VERSION} listening on ${config.host}:${server.port}.`, data: { host: config.host, port: server.port } });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      lifecycle.state = 'draining';
      events.record({ level: 'info', kind: 'gateway.stopping', message: 'Gateway draining: new requests get 503, in-flight requests finish.' });
      await server.drain(config.drainTimeoutMs);
      // Running downloads stop here and resume at the next start.
      await modelHub.stop();
      await modelManager.stopAll();
      llmEngines.close();
      gpus.stop();
      keys.flush();
      logger.flush();
    })();
    return stopping;
  };
  const tlsInfo = tls ? { fingerprint256: tls.fingerprint256, certFile: tls.certFile, expiresAt: tls.expiresAt } : null;
  return { url, port: server.port, deps, adminToken, tls: tlsInfo, logger, stop };
}
