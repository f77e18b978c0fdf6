import { statfsSync } from 'node:fs';
import si from 'systeminformation';
import type { HostInfo } from '../contract/gpus';
import type { Logger } from '../logging/logger';

/**
 * Host figures for the GPU page: CPU, memory, OS, free disk of the cache. systeminformation's
 * osInfo/cpu take ~0.5 s (they spawn tools), so they are read once; memory and load (cheap /proc
 * reads) every `intervalMs`. Its graphics() is never used: it spawns six tools, two of them
 * synchronously (ecosystem.md §5.1); the GPUs come from nvidia-smi. Sampling starts when the
 * figures are first asked for, so a gateway nobody watches (and every test gateway) pays nothing.
 */
export class HostInfoSampler {
  private timer: NodeJS.Timeout | null = null;
  private fixed: Pick<HostInfo, 'hostname' | 'os' | 'kernel' | 'arch'> & { cpuModel: string; cores: number } | null = null;
  private latest: HostInfo | null = null;
  private stopped = false;

  constructor(private readonly cacheDir: string, private readonly logger: Logger, private readonly intervalMs = 10_000) {}

  /** The latest figures; null until the first refresh, which this call starts if needed. */
  get info(): HostInfo | null {
    this.start();
    return this.latest;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<HostInfo | null> {
    try {
      this.fixed ??= await readFixed();
      const [mem, load] = await Promise.all([si.mem(), si.currentLoad()]);
      this.latest = {
        hostname: this.fixed.hostname, os: this.fixed.os, kernel: this.fixed.kernel, arch: this.fixed.arch,
        cpu: { model: this.fixed.cpuModel, cores: this.fixed.cores, loadPct: Number.isFinite(load.currentLoad) ? Math.round(load.currentLoad * 10) / 10 : null },
        memory: { totalBytes: mem.total, availableBytes: mem.available },
        cacheDisk: { path: this.cacheDir, ...cacheDisk(this.cacheDir) },
        sampledAt: new Date().toISOString(),
      };
    } catch (err) {
      this.logger.debug({ err }, 'host information could not be read; keeping the previous figures');
    }
    return this.latest;
  }
}

async function readFixed(): Promise<Pick<HostInfo, 'hostname' | 'os' | 'kernel' | 'arch'> & { cpuModel: string; cores: number }> {
  const [os, cpu] = await Promise.all([si.osInfo(), si.cpu()]);
  return {
    hostname: os.hostname,
    os: [os.distro, os.release].filter(Boolean).join(' ') || os.platform,
    kernel: os.kernel,
    arch: os.arch,
    cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ') || 'unknown',
    cores: cpu.cores,
  };
}

export function cacheDisk(dir: string): { freeBytes: number | null; totalBytes: number | null } {
  try {
    const s = statfsSync(dir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return { freeBytes: null, totalBytes: null };
  }
}
