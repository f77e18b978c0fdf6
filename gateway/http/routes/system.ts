import { Router } from 'express';
import { cpus, freemem, hostname, totalmem } from 'node:os';
import { existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '../../contract/routes';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';

/** `GET /api/system`: host, versions, memory and the cache's free space. */
export function systemRoutes(deps: AppDeps): Router {
  const router = Router();
  mount(router, routes.system, () => {
    const { config } = deps;
    let disk: { freeBytes: number | null; totalBytes: number | null } = { freeBytes: null, totalBytes: null };
    try {
      const s = statfsSync(config.modelCacheDir);
      disk = { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
    } catch {
      // Reported as unknown; diagnostics explains why.
    }
    const cpu = cpus();
    return {
      version: deps.version,
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      hostname: hostname(),
      uptimeSeconds: Math.round((Date.now() - deps.lifecycle.startedAt) / 1000),
      cpu: { model: cpu[0]?.model ?? 'unknown', cores: cpu.length },
      memory: { totalBytes: totalmem(), freeBytes: freemem() },
      cache: { path: config.modelCacheDir, ...disk },
      frontend: { path: config.frontendDist, present: existsSync(join(config.frontendDist, 'index.html')) },
      auth: { apiKeysRequired: deps.keys.hasKeys },
      lazyLoadModels: config.lazyLoadModels,
    };
  });
  return router;
}
