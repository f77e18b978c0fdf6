import type { StateCreator } from 'zustand';
import type { DiagnosticsResponse } from '../../gateway/contract/diagnostics';
import { idle, type Resource } from './resource';
import type { AppState } from './app-store';

export interface DiagnosticsSlice {
  diagnostics: Resource<DiagnosticsResponse>;
  setDiagnostics: (r: Resource<DiagnosticsResponse>) => void;
}

export const createDiagnosticsSlice: StateCreator<AppState, [], [], DiagnosticsSlice> = (set) => ({
  diagnostics: idle(),
  setDiagnostics: (diagnostics) => set({ diagnostics }),
});

/** Failures first, then warnings, then the rest, so what needs doing is at the top. */
export function selectOrderedChecks(s: AppState): DiagnosticsResponse['checks'] {
  const rank = { fail: 0, warn: 1, ok: 2 } as const;
  return [...(s.diagnostics.data?.checks ?? [])].sort((a, b) => rank[a.status] - rank[b.status]);
}

export const selectCheckCounts = (s: AppState): Record<'ok' | 'warn' | 'fail', number> => {
  const counts = { ok: 0, warn: 0, fail: 0 };
  for (const c of s.diagnostics.data?.checks ?? []) counts[c.status] += 1;
  return counts;
};
