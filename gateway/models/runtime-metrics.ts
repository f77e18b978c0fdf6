import { Gauge, type Registry } from 'prom-client';
import type { RuntimeState } from '../contract/models';

const STATES: RuntimeState['state'][] = ['unloaded', 'loading', 'loaded', 'unloading', 'failed'];

export interface RuntimeView {
  keys(): string[];
  runtimeOf(key: string): RuntimeState;
  inFlight(key: string): number;
}

/** Prometheus gauges of model states, read at scrape time (nothing to keep in step). */
export function registerRuntimeMetrics(registry: Registry, view: RuntimeView): void {
  new Gauge({
    name: 'passerelle_model_state', help: 'Runtime state of each catalog model: 1 for its current state, 0 for the others.',
    labelNames: ['model', 'state'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const key of view.keys()) {
        const current = view.runtimeOf(key).state;
        for (const state of STATES) this.set({ model: key, state }, state === current ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'passerelle_model_requests_in_flight', help: 'Requests holding each loaded model.',
    labelNames: ['model'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const key of view.keys()) this.set({ model: key }, view.inFlight(key));
    },
  });
}
