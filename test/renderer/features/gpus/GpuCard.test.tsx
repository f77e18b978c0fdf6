import { describe, expect, it, vi } from 'vitest';
import { GpuCard } from '../../../../renderer/features/gpus/GpuCard';
import { useAppStore } from '../../../../renderer/store/app-store';
import { renderPage } from '../render-page';

// happy-dom has no canvas: the chart is checked in Chromium (test/e2e); here, the card around it.
vi.mock('../../../../renderer/features/gpus/GpuChart', () => ({ GpuChart: () => null }));

const GiB = 1024 ** 3;

describe('GPU card', () => {
  it('shows the guide\'s badges computed in the UI, and which model holds how much memory', async () => {
    useAppStore.setState((s) => ({
      gpus: {
        ...s.gpus,
        list: [{
          index: 1, uuid: 'GPU-1', name: 'NVIDIA H200', pciBusId: null, memoryUsedBytes: 133 * GiB, memoryTotalBytes: 140 * GiB,
          utilizationPct: 81.6, temperatureC: 67.4, powerW: null, powerLimitW: 700,
          processes: [{ pid: 4242, model: 'qwen', usedBytes: 120 * GiB }, { pid: 77, name: 'python3', usedBytes: 13 * GiB }],
        }],
      },
    }));
    const { container, unmount } = await renderPage(<GpuCard index={1} />);
    const badges = [...container.querySelectorAll('.badge')].map((b) => [b.textContent, b.className]);
    expect(badges).toEqual([
      ['memory 95 %', 'badge fail'],
      ['utilisation 82 %', 'badge warn'],
      ['67 °C', 'badge ok'],
      ['— W / 700 W', 'badge '],
    ]);
    const rows = [...container.querySelectorAll('tbody tr')].map((r) => r.textContent);
    expect(rows).toEqual(['qwen4242120.0 GiB', 'python37713.0 GiB']);
    unmount();
  });
});
