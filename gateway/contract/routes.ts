import type { z } from 'zod';
import { ApiKeyList, CreateApiKey, CreatedApiKey } from './keys';
import { EventsQuery, EventsResponse } from './events';
import { Health, Readiness, SystemInfo } from './system';
import { OpenAIModel, OpenAIModelList } from './openai';
import { GpusQuery, GpusResponse } from './gpus';
import { DiagnosticsResponse } from './diagnostics';
import { ChatCompletionRequest, CompletionRequest, EmbeddingRequest } from './chat';
import { LoadModel } from './models';
import { LoadQuery, ModelRuntime } from './lifecycle';
import { Preflight, PreflightQuery } from './hub';
import { CancelDownloadQuery, HfTokenStatus, PutHfToken } from './hub';
import { AddModel, ModelEntry, ModelList } from './models';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  /** Express-style path; `:name` is a path parameter. */
  path: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Absent for routes that answer with no body (204) or with a stream. */
  response?: z.ZodType;
  /** Success status; 200 unless given. */
  status?: number;
}

/**
 * The JSON routes of the gateway. The server validates bodies and queries with these schemas;
 * the renderer's client parses every response with them; tests use the same table.
 */
export const routes = {
  health: { method: 'GET', path: '/healthz', response: Health },
  readiness: { method: 'GET', path: '/readyz', response: Readiness },
  system: { method: 'GET', path: '/api/system', response: SystemInfo },
  listEvents: { method: 'GET', path: '/api/admin/events', query: EventsQuery, response: EventsResponse },
  listKeys: { method: 'GET', path: '/api/admin/keys', response: ApiKeyList },
  createKey: { method: 'POST', path: '/api/admin/keys', body: CreateApiKey, response: CreatedApiKey, status: 201 },
  revokeKey: { method: 'DELETE', path: '/api/admin/keys/:id', status: 204 },
  listModels: { method: 'GET', path: '/v1/models', response: OpenAIModelList },
  getModel: { method: 'GET', path: '/v1/models/:id', response: OpenAIModel },
  gpus: { method: 'GET', path: '/api/gpus', query: GpusQuery, response: GpusResponse },
  diagnostics: { method: 'GET', path: '/api/diagnostics', response: DiagnosticsResponse },
  // Streamed (SSE) or JSON as the engine answers: no response schema, the OpenAI spec is the truth.
  chatCompletions: { method: 'POST', path: '/v1/chat/completions', body: ChatCompletionRequest },
  completions: { method: 'POST', path: '/v1/completions', body: CompletionRequest },
  embeddings: { method: 'POST', path: '/v1/embeddings', body: EmbeddingRequest },
  loadModel: { method: 'POST', path: '/api/admin/models/:key/load', body: LoadModel, query: LoadQuery, response: ModelRuntime },
  unloadModel: { method: 'POST', path: '/api/admin/models/:key/unload', response: ModelRuntime },
  modelPreflight: { method: 'GET', path: '/api/admin/models/:key/preflight', query: PreflightQuery, response: Preflight },
  adminListModels: { method: 'GET', path: '/api/admin/models', response: ModelList },
  adminGetModel: { method: 'GET', path: '/api/admin/models/:key', response: ModelEntry },
  addModel: { method: 'POST', path: '/api/admin/models', body: AddModel, response: ModelEntry, status: 201 },
  removeModel: { method: 'DELETE', path: '/api/admin/models/:key', status: 204 },
  startDownload: { method: 'POST', path: '/api/admin/models/:key/download', response: ModelEntry, status: 202 },
  cancelDownload: { method: 'DELETE', path: '/api/admin/models/:key/download', query: CancelDownloadQuery, response: ModelEntry },
  purgeModelCache: { method: 'DELETE', path: '/api/admin/models/:key/cache', response: ModelEntry },
  getHfToken: { method: 'GET', path: '/api/admin/hf-token', response: HfTokenStatus },
  putHfToken: { method: 'PUT', path: '/api/admin/hf-token', body: PutHfToken, response: HfTokenStatus },
  deleteHfToken: { method: 'DELETE', path: '/api/admin/hf-token', response: HfTokenStatus },
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
