import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice';
import { createModelsSlice, type ModelsSlice } from './models-slice';
import { createGpusSlice, type GpusSlice } from './gpus-slice';
import { createEventsSlice, type EventsSlice } from './events-slice';
import { createKeysSlice, type KeysSlice } from './keys-slice';
import { createDiagnosticsSlice, type DiagnosticsSlice } from './diagnostics-slice';
import { createAudioLabSlice, type AudioLabSlice } from './audio-lab-slice';
import { createPlaygroundSlice, type PlaygroundSlice } from './playground-slice';
import { createDesktopSlice, type DesktopSlice } from './desktop-slice';

/**
 * The renderer's state: what the gateway last said, plus the user's choices on each page. Slices
 * hold data and plain setters; fetching and decisions live in features/*\/…-actions.ts.
 */
export type AppState = ConnectionSlice & ModelsSlice & GpusSlice & EventsSlice & KeysSlice & DiagnosticsSlice & AudioLabSlice & PlaygroundSlice & DesktopSlice;

export const createAppStore = () => create<AppState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createModelsSlice(...a),
  ...createGpusSlice(...a),
  ...createEventsSlice(...a),
  ...createKeysSlice(...a),
  ...createDiagnosticsSlice(...a),
  ...createAudioLabSlice(...a),
  ...createPlaygroundSlice(...a),
  ...createDesktopSlice(...a),
}));

export const useAppStore = createAppStore();
export type AppStore = typeof useAppStore;
