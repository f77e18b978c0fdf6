import { gateway } from '../../app/gateway';
import { loadResource } from '../../app/load-resource';
import { useAppStore } from '../../store/app-store';

/** Runs every check on the gateway (each call runs them afresh). */
export function runDiagnostics(): Promise<void> {
  const s = useAppStore.getState();
  return loadResource(s.diagnostics, s.setDiagnostics, () => gateway.call('diagnostics'));
}
