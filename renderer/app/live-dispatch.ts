import type { StreamMessage } from '../../gateway/contract/events';
import type { AppState } from '../store/app-store';

/**
 * Routes one live message to the slice it concerns. Message types that later gateway features add
 * (the StreamMessage union grows) are handled here as they land; others are ignored.
 */
export function dispatchLive(state: AppState, message: StreamMessage, onModelsChanged: () => void): void {
  const m = message as { type: string } & Record<string, unknown>;
  switch (m.type) {
    case 'runtime': {
      const event = (message as Extract<StreamMessage, { type: 'runtime' }>).event;
      state.addEvents([event]);
      // Model and download events change what the Models page shows: refresh it (coalesced).
      if (event.model || /^(model|download|cache)\./.test(event.kind)) onModelsChanged();
      return;
    }
    case 'gpu.sampled': {
      // A measure for test/bench/renderer.ts: the store update plus the charts' redraw (uPlot
      // commits in a microtask queued during the update, so ours runs after it).
      const start = performance.now();
      state.addGpuSample(Date.parse(String(m.time)), m.gpus as AppState['gpus']['list']);
      queueMicrotask(() => {
        performance.measure('passerelle:gpu-update', { start });
        performance.clearMeasures('passerelle:gpu-update');
      });
      return;
    }
    case 'model.runtime':
      state.patchModel(String(m.model), { runtime: m.runtime as never });
      return;
    case 'download.progressed':
      state.patchModel(String(m.model), { download: m.download as never });
      return;
    default:
  }
}
