import { Router } from 'express';
import { routes } from '../../contract/routes';
import type { GpusResponse } from '../../contract/gpus';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';

const NO_MONITOR: GpusResponse['monitor'] = { state: 'disabled', message: 'this gateway runs no GPU monitor', lastSampleAt: null, restarts: 0 };

/** `GET /api/gpus?historySeconds=300`: the latest sample of every GPU, its history, the host. */
export function gpuRoutes(deps: AppDeps): Router {
  const router = Router();
  mount(router, routes.gpus, ({ query }) => {
    const monitor = deps.gpus;
    if (!monitor) return { gpus: [], history: [], host: null, monitor: NO_MONITOR };
    const { gpus, status } = monitor.snapshot();
    return { gpus, history: query.historySeconds > 0 ? monitor.allHistory(query.historySeconds) : [], host: monitor.hostInfo, monitor: status };
  });
  return router;
}
