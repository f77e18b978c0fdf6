import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface PageDef {
  id: string;
  title: string;
  component: LazyExoticComponent<ComponentType>;
}

/** Every page is its own chunk, so the first load carries only the shell (uPlot, audio code stay out). */
export const PAGES: PageDef[] = [
  { id: 'models', title: 'Models', component: lazy(() => import('../features/models/ModelsPage')) },
  { id: 'gpus', title: 'GPUs', component: lazy(() => import('../features/gpus/GpusPage')) },
  { id: 'audio-lab', title: 'Audio lab', component: lazy(() => import('../features/audio-lab/AudioLabPage')) },
  { id: 'playground', title: 'Playground', component: lazy(() => import('../features/playground/PlaygroundPage')) },
  { id: 'keys', title: 'Keys', component: lazy(() => import('../features/keys/KeysPage')) },
  { id: 'events', title: 'Events', component: lazy(() => import('../features/events/EventsPage')) },
  { id: 'diagnostics', title: 'Diagnostics', component: lazy(() => import('../features/diagnostics/DiagnosticsPage')) },
  { id: 'connections', title: 'Connections', component: lazy(() => import('../features/connections/ConnectionsPage')) },
];
