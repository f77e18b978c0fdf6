import { describe, expect, it } from 'vitest';
import { HostCard } from '../../../../renderer/features/gpus/HostCard';
import { useAppStore } from '../../../../renderer/store/app-store';
import { renderPage } from '../render-page';

const GiB = 1024 ** 3;

describe('host card', () => {
  it('shows the host\'s CPU, memory and cache disk, the percentages computed in the UI, and "—" where the gateway could not read the disk', async () => {
    const host = {
      hostname: 'dgx', os: 'Debian GNU/Linux 12', kernel: '6.1', arch: 'x64', sampledAt: '2026-11-26T09:00:00Z',
      cpu: { model: 'EPYC', cores: 128, loadPct: 12.4 },
      memory: { totalBytes: 2048 * GiB, availableBytes: 512 * GiB },
      cacheDisk: { path: '/models', freeBytes: 250 * GiB, totalBytes: 1000 * GiB },
    };
    useAppStore.setState((s) => ({ gpus: { ...s.gpus, host } }));
    const { container, unmount } = await renderPage(<HostCard />);
    const badges = () => [...container.querySelectorAll('.badge')].map((b) => b.textContent);
    expect(container.querySelector('h2')!.textContent).toBe('Host dgx');
    expect(badges()).toEqual(['CPU 128 cores · 12 %', 'Memory 75 % · 1.50 TiB of 2.00 TiB', 'Cache disk 75 % · 250.0 GiB free']);
    unmount();
    useAppStore.setState((s) => ({ gpus: { ...s.gpus, host: { ...host, cpu: { ...host.cpu, loadPct: null }, cacheDisk: { path: '/models', freeBytes: null, totalBytes: null } } } }));
    const again = await renderPage(<HostCard />);
    expect([...again.container.querySelectorAll('.badge')].map((b) => b.textContent)).toEqual(['CPU 128 cores · —', 'Memory 75 % · 1.50 TiB of 2.00 TiB', 'Cache disk — · — free']);
    again.unmount();
  });
});
