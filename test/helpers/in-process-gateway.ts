import { afterAll } from 'vitest';
import { loadConfig } from '../../gateway/config';
import { startGateway, type RunningGateway, type StartOptions } from '../../gateway/gateway';
import { LogCapture } from './log-capture';
import { tempDir } from './temp-dir';

export interface TestGateway extends RunningGateway {
  logs: LogCapture;
  cacheDir: string;
  /** The admin token, read the way an operator would (the generated file). */
  token: string;
  admin(path: string, init?: RequestInit): Promise<Response>;
}

/** The real gateway, in this process, on 127.0.0.1 and a free port, with its logs captured. */
export async function startTestGateway(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestGateway> {
  const cacheDir = env.MODEL_CACHE_DIR ?? tempDir('passerelle-cache-');
  const config = loadConfig({ API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'debug', MODEL_CACHE_DIR: cacheDir, DRAIN_TIMEOUT_SECONDS: '5', ...env });
  const logs = new LogCapture();
  const gw = await startGateway(config, { logDestination: logs, sseHeartbeatMs: 200, ...options });
  afterAll(() => gw.stop());
  const token = gw.adminToken.secret;
  return {
    ...gw,
    logs,
    cacheDir,
    token,
    admin: (path, init = {}) => fetch(`${gw.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } }),
  };
}
