import type { ModelEntry } from '../contract/models';
import type { EventsQuery, RuntimeEvent } from '../contract/events';
import { isGatewayError } from '../errors';
import type { DiagnosticsSources, DownloadProbe, HfTokenProbe } from './diagnostics-context';
import type { CatalogEntry } from '../models/presets';
import { missingCheckpoints } from '../engines/diarization/checkpoint-probe';

/** What diagnostics reads from the model hub (gateway/models/model-hub.ts). */
export interface HubView {
  token: { current(): string | null; status(): Promise<{ configured: boolean; user: string | null }> };
  metadata: { whoami(token: string): Promise<{ user: string }> };
  list(): ModelEntry[];
  /** Catalog and cache, to resolve a complete pyannote model's config.yaml references. */
  catalog?: { find(key: string): CatalogEntry | undefined };
  cache?: { snapshotDir(entry: CatalogEntry, role?: string): string };
}

type EventQuery = { query(q: Partial<EventsQuery>): RuntimeEvent[] };

/**
 * The hub's token store, downloads and cache states, as the diagnostics checks read them. A running
 * download's age comes from its last `download.started` event in the runtime log.
 */
export function hubSources(hub: HubView, events?: EventQuery): DiagnosticsSources {
  return {
    hfToken: () => tokenProbe(hub),
    downloads: () => hub.list().map((e) => downloadProbe(e, events)),
    modelCache: (key) => {
      const entry = hub.list().find((e) => e.key === key);
      if (!entry) return null;
      const missing = entry.engine === 'pyannote' && entry.cache.state === 'complete' ? pyannoteMissing(hub, key) : [];
      return missing.length > 0 ? { state: 'partial', missingFiles: missing } : { state: entry.cache.state };
    },
  };
}

/** A complete pyannote download can still miss what its config.yaml references ($model/…, repo ids). */
function pyannoteMissing(hub: HubView, key: string): string[] {
  const entry = hub.catalog?.find(key);
  if (!entry || !hub.cache) return [];
  const dirs: Record<string, string> = {};
  for (const r of entry.repos) dirs[r.role ?? 'main'] = hub.cache.snapshotDir(entry, r.role);
  return missingCheckpoints(dirs);
}

async function tokenProbe(hub: HubView): Promise<HfTokenProbe> {
  const status = await hub.token.status();
  if (!status.configured) return { configured: false, valid: null };
  // status() remembers a good whoami; without one, ask again to tell "refused" from "unreachable".
  if (status.user) return { configured: true, valid: true, user: status.user };
  const token = hub.token.current();
  if (!token) return { configured: false, valid: null };
  try {
    return { configured: true, valid: true, user: (await hub.metadata.whoami(token)).user };
  } catch (err) {
    const refused = isGatewayError(err) && err.code === 'hf_token_invalid';
    return { configured: true, valid: refused ? false : null, error: err instanceof Error ? err.message : String(err) };
  }
}

function downloadProbe(entry: ModelEntry, events?: EventQuery): DownloadProbe {
  const d = entry.download;
  const started = d.state === 'running' ? events?.query({ kind: 'download.started', model: entry.key, limit: 1 })[0] : undefined;
  const runningSeconds = started ? Math.max(0, (Date.now() - Date.parse(started.time)) / 1000) : undefined;
  return { model: entry.key, state: d.state, receivedBytes: d.receivedBytes, runningSeconds, errorCode: d.error?.code ?? undefined, errorMessage: d.error?.message };
}
