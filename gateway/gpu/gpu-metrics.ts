import { Gauge, type Registry } from 'prom-client';
import type { GpuInfo, GpuMonitorStatus } from '../contract/gpus';

type Field = 'memoryUsedBytes' | 'memoryTotalBytes' | 'utilizationPct' | 'temperatureC' | 'powerW' | 'powerLimitW';

const PER_GPU: Array<[name: string, help: string, field: Field]> = [
  ['passerelle_gpu_memory_used_bytes', 'GPU memory in use (nvidia-smi memory.used).', 'memoryUsedBytes'],
  ['passerelle_gpu_memory_total_bytes', 'GPU memory installed (nvidia-smi memory.total).', 'memoryTotalBytes'],
  ['passerelle_gpu_utilization_percent', 'Percent of the last sample period a kernel ran (utilization.gpu).', 'utilizationPct'],
  ['passerelle_gpu_temperature_celsius', 'GPU core temperature.', 'temperatureC'],
  ['passerelle_gpu_power_watts', 'Board power draw.', 'powerW'],
  ['passerelle_gpu_power_limit_watts', 'Software power limit.', 'powerLimitW'],
];

/**
 * Prometheus gauges per GPU on the gateway's registry. They read the monitor's latest snapshot at
 * scrape time (collect), so a sample costs nothing here. A field the driver does not report is
 * left out rather than exported as 0.
 */
export function registerGpuMetrics(registry: Registry, read: () => { gpus: GpuInfo[]; status: GpuMonitorStatus }): void {
  for (const [name, help, field] of PER_GPU) {
    new Gauge({
      name, help, labelNames: ['gpu', 'uuid', 'name'] as const, registers: [registry],
      collect() {
        this.reset();
        for (const g of read().gpus) {
          const v = g[field];
          if (v !== null) this.set({ gpu: String(g.index), uuid: g.uuid, name: g.name }, v);
        }
      },
    });
  }
  new Gauge({
    name: 'passerelle_gpu_model_memory_bytes', help: 'GPU memory used by each loaded model\'s processes, per GPU.',
    labelNames: ['gpu', 'model'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const g of read().gpus) {
        const byModel = new Map<string, number>();
        for (const p of g.processes) if (p.model && p.usedBytes !== null) byModel.set(p.model, (byModel.get(p.model) ?? 0) + p.usedBytes);
        for (const [model, bytes] of byModel) this.set({ gpu: String(g.index), model }, bytes);
      }
    },
  });
  new Gauge({
    name: 'passerelle_gpu_monitor_up', help: '1 while nvidia-smi samples flow, 0 otherwise (no driver, restarting).',
    registers: [registry],
    collect() {
      this.set(read().status.state === 'running' ? 1 : 0);
    },
  });
}
