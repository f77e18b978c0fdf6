import { APP_ORIGIN } from '../ipc/contract';

/** Variables the host sets itself, or that must not leak from the console's own environment. */
const OWNED = ['API_HOST', 'API_PORT', 'ADMIN_TOKEN', 'HUGGINGFACE_TOKEN', 'HF_TOKEN', 'MODEL_CACHE_DIR', 'ALLOWED_ORIGINS', 'FRONTEND_DIST', 'ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS',
  // The embedded gateway serves plain HTTP on 127.0.0.1 only: TLS from the console's environment would break the page's calls.
  'TLS', 'TLS_CERT_FILE', 'TLS_KEY_FILE'];

export interface GatewayEnvInput {
  /** The console's environment (PATH, HOME, LANG, CUDA and proxy variables pass through). */
  base: NodeJS.ProcessEnv;
  cacheDir: string | null;
  hfToken: string | null;
  rendererDir: string;
}

/**
 * The embedded gateway's environment, before the host adds API_HOST=127.0.0.1, API_PORT=0 and this
 * launch's ADMIN_TOKEN. The console's page (app://passerelle) is its one allowed CORS origin.
 */
export function gatewayEnv(input: GatewayEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.base)) if (v !== undefined && !OWNED.includes(k)) env[k] = v;
  env.ALLOWED_ORIGINS = APP_ORIGIN;
  env.FRONTEND_DIST = input.rendererDir;
  if (input.cacheDir) env.MODEL_CACHE_DIR = input.cacheDir;
  if (input.hfToken) env.HUGGINGFACE_TOKEN = input.hfToken;
  return env;
}
