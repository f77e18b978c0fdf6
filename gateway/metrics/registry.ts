import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus registry (one per app, so tests can run several). Features add their
 * own gauges and counters to `registry` (GPU, models, tokens per key).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'passerelle_http_requests_total', help: 'HTTP requests by route and status.',
    labelNames: ['method', 'route', 'status'] as const, registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'passerelle_http_request_duration_seconds', help: 'HTTP request latency until the response ends.',
    labelNames: ['method', 'route'] as const, registers: [this.registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'passerelle_' });
  }
}
