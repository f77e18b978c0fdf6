import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../../gateway/contract/models';
import { ModelCard } from '../../../../renderer/features/models/ModelCard';
import { useAppStore } from '../../../../renderer/store/app-store';
import { renderPage } from '../render-page';

const pyannote: ModelEntry = {
  key: 'pyannote', displayName: 'pyannote 3.1', task: 'diarization', engine: 'pyannote', preset: true, gated: true,
  repos: [{ repo: 'pyannote/speaker-diarization-3.1', revision: 'main', role: 'pipeline' }],
  expectedBytes: 30 * 1024 * 1024,
  cache: { state: 'complete', bytes: 30 * 1024 * 1024 },
  download: { state: 'done', receivedBytes: 0, totalBytes: 0, bytesPerSecond: 0, etaSeconds: null, files: [] },
  runtime: { state: 'loaded', gpuDeviceIds: [1], device: 'cpu' },
  estimate: { vramBytes: null },
};

describe('model card', () => {
  it('shows task, repo link, the gated badge with its link, cache state and size, and where the gateway says it runs', async () => {
    useAppStore.getState().setModels({ state: 'ready', data: [pyannote], error: null });
    const { container, unmount } = await renderPage(<ModelCard modelKey="pyannote" />);
    const text = container.textContent!;
    expect(text).toContain('diarization');
    expect(container.querySelector('[data-testid="cache-state"]')!.textContent).toBe('cache complete · 30.0 MiB of 30.0 MiB');
    expect(container.querySelector('[data-testid="runtime-state"]')!.textContent).toBe('loaded on CPU (asked for GPU 1; no CUDA provider)');
    const links = [...container.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['pyannote/speaker-diarization-3.1', 'https://huggingface.co/pyannote/speaker-diarization-3.1'],
      ['accept the conditions on huggingface.co', 'https://huggingface.co/pyannote/speaker-diarization-3.1'],
    ]);
    expect(container.querySelector('.badge.warn')!.textContent).toBe('gated');
    expect(container.querySelector('button[aria-label="Unload pyannote"]')).not.toBeNull();
    expect(container.querySelector('button[aria-label="Purge the cache of pyannote"]')!.hasAttribute('disabled')).toBe(true);
    unmount();
  });
});
