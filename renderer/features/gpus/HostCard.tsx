import { useAppStore } from '../../store/app-store';
import { percent } from '../../store/gpu-series';
import { formatBytes, formatPercent } from '../../ui/format';

/** The host's CPU, memory and the cache disk, as the gateway last sampled them. */
export function HostCard() {
  const host = useAppStore((s) => s.gpus.host);
  if (!host) return null;
  const memUsed = host.memory.totalBytes - host.memory.availableBytes;
  const diskUsed = host.cacheDisk.totalBytes !== null && host.cacheDisk.freeBytes !== null ? host.cacheDisk.totalBytes - host.cacheDisk.freeBytes : null;
  return (
    <section className="card" aria-labelledby="host-title">
      <h2 id="host-title">Host {host.hostname}</h2>
      <div className="row">
        <span className="badge">CPU {host.cpu.cores} cores · {formatPercent(host.cpu.loadPct)}</span>
        <span className="badge">Memory {formatPercent(percent(memUsed, host.memory.totalBytes))} · {formatBytes(memUsed)} of {formatBytes(host.memory.totalBytes)}</span>
        <span className="badge">Cache disk {formatPercent(percent(diskUsed, host.cacheDisk.totalBytes))} · {formatBytes(host.cacheDisk.freeBytes)} free</span>
        <span className="muted">{host.os} · {host.kernel} · {host.cpu.model}</span>
      </div>
    </section>
  );
}
