import { Gauge, type Registry } from 'prom-client';
import type { RuntimeState } from '../contract/models';

const STATES: RuntimeState['state'][] = ['unloaded', 'loading', 'loaded', 'unloading', 'failed'];
const HEALTH: NonNullable<RuntimeState['health']>[] = ['ok', 'degraded', 'down'];

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
    name: 'passerelle_model_health', help: 'Health of each model that has been loaded: 1 for its current health (ok, degraded, down), 0 for the others.',
    labelNames: ['model', 'health'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const key of view.keys()) {
        const current = view.runtimeOf(key).health;
        if (current) for (const health of HEALTH) this.set({ model: key, health }, health === current ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'passerelle_model_restarts', help: 'Automatic restarts of each model (restart: on-failure) since it was last loaded by an administrator or a request.',
    labelNames: ['model'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const key of view.keys()) {
        const restarts = view.runtimeOf(key).restarts;
        if (restarts !== undefined) this.set({ model: key }, restarts);
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
