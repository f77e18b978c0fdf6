import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from './deps';
import { requestContext } from './middleware/request-context';
import { hostGuard } from './middleware/host-guard';
import { cors } from './middleware/cors';
import { drainGate } from './middleware/drain-gate';
import { jsonBody } from './middleware/json-body';
import { apiKeyAuth, assertModelAllowed } from './middleware/api-key-auth';
import { locals } from './locals';
import { adminAuth } from './middleware/admin-auth';
import { errorHandler, notFound } from './middleware/error-handler';
import { healthRoutes } from './routes/health';
import { adminKeyRoutes } from './routes/admin-keys';
import { adminEventRoutes } from './routes/admin-events';
import { eventStreamRoutes, type OpenStreams } from './routes/events-stream';
import { v1ModelRoutes } from './routes/v1-models';
import { v1LlmRoutes } from './routes/v1-llm';
import { v1DiarizationRoutes } from './routes/v1-diarizations';
import { v1AudioRoutes } from './routes/v1-audio';
import { adminModelRuntimeRoutes } from './routes/admin-model-runtime';
import { adminModelRoutes } from './routes/admin-models';
import { adminHfTokenRoutes } from './routes/admin-hf-token';
import { systemRoutes } from './routes/system';
import { gpuRoutes } from './routes/gpus';
import { diagnosticsRoutes } from './routes/diagnostics';
import { dashboardRoutes } from './routes/dashboard';

export interface GatewayApp {
  app: Express;
  /** Live SSE streams, ended by the drain. */
  streams: OpenStreams;
}

/** Builds the HTTP application from its dependencies; listening is server.ts's job. */
export function createApp(deps: AppDeps): GatewayApp {
  const { config, logger, metrics, keys, adminToken, events, lifecycle } = deps;
  const app = express();
  const streams: OpenStreams = new Set();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  app.use(requestContext(logger, metrics));
  app.use(hostGuard(config.host, config.allowedHosts));
  app.use(cors(config.allowedOrigins));
  app.use(drainGate(lifecycle));
  app.use(healthRoutes(deps));

  // OpenAI-compatible API. Routes carry their full paths, as in the contract. Audio routes take
  // multipart and parse it themselves.
  const v1 = express.Router();
  v1.use('/v1', apiKeyAuth(keys, adminToken, events));
  const json = jsonBody(config.maxJsonBytes, deps.bodyIdleTimeoutMs);
  v1.use('/v1', (req, res, next) => (req.path.startsWith('/audio/') ? next() : runAll(json, req, res, next)));
  // A key's model allow-list is checked before any routing (multipart routes check it themselves).
  v1.use('/v1', (req, res, next) => {
    const model = (req.body as { model?: unknown } | undefined)?.model;
    if (typeof model === 'string') assertModelAllowed(locals(res).principal, model);
    next();
  });
  v1.use(v1ModelRoutes(deps));
  v1.use(v1LlmRoutes(deps));
  v1.use(v1DiarizationRoutes(deps));
  v1.use(v1AudioRoutes(deps));
  v1.use('/v1', notFound());
  app.use(v1);

  const admin = express.Router();
  admin.use(['/api/admin', '/api/events', '/api/gpus', '/api/system', '/api/diagnostics'], adminAuth(adminToken, keys, events));
  admin.use('/api/admin', ...jsonBody(config.maxJsonBytes, deps.bodyIdleTimeoutMs));
  admin.use(adminKeyRoutes(deps));
  admin.use(adminEventRoutes(deps));
  admin.use(adminModelRuntimeRoutes(deps));
  admin.use(adminModelRoutes(deps));
  admin.use(adminHfTokenRoutes(deps));
  admin.use(eventStreamRoutes(deps, streams));
  admin.use(systemRoutes(deps));
  admin.use(gpuRoutes(deps));
  admin.use(diagnosticsRoutes(deps));
  admin.use('/api', notFound());
  app.use(admin);

  app.use(dashboardRoutes(config.frontendDist));
  app.use(notFound());
  app.use(errorHandler());
  return { app, streams };
}

/** Runs middleware in order, stopping at the first error. */
function runAll(handlers: RequestHandler[], req: Request, res: Response, next: NextFunction): void {
  const step = (i: number, err?: unknown): void => {
    if (err !== undefined || i === handlers.length) return next(err);
    handlers[i]!(req, res, (e?: unknown) => step(i + 1, e));
  };
  step(0);
}
