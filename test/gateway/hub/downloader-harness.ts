import { afterAll } from 'vitest';
import { EventLog } from '../../../gateway/events/event-log';
import { EventBus } from '../../../gateway/events/event-bus';
import { createLogger } from '../../../gateway/logging/logger';
import { HubCache } from '../../../gateway/hub/cache';
import { HubMetadata } from '../../../gateway/hub/hub-metadata';
import { Downloader, type DownloaderOptions, type DownloadRequest } from '../../../gateway/hub/downloader';
import type { StreamMessage } from '../../../gateway/contract/events';
import type { DownloadState } from '../../../gateway/contract/models';
import { startTestHub, type HubOptions, type TestHub } from '../../fixtures/hub/hub-server';
import { LogCapture } from '../../helpers/log-capture';
import { tempDir } from '../../helpers/temp-dir';

export interface Harness {
  hub: TestHub;
  cache: HubCache;
  downloader: Downloader;
  messages: StreamMessage[];
  logs: LogCapture;
  token: { value: string | null };
  /** Starts the download and waits until it is no longer running. */
  download(request: DownloadRequest): Promise<DownloadState>;
  waitIdle(key: string): Promise<DownloadState>;
}

/** A real downloader against the local test hub, with fast retries (their schedule is unit-tested). */
export async function downloaderHarness(hubOptions: HubOptions = {}, options: Partial<DownloaderOptions> = {}): Promise<Harness> {
  const hub = await startTestHub(hubOptions);
  afterAll(() => hub.close());
  const cache = new HubCache(tempDir('passerelle-hub-cache-'));
  const logs = new LogCapture();
  const logger = createLogger('debug', { destination: logs });
  const events = new EventBus(new EventLog({ dir: null }));
  const messages: StreamMessage[] = [];
  events.subscribe((m) => messages.push(m));
  const token = { value: null as string | null };
  const retry = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 };
  const downloader = new Downloader({
    cache, metadata: new HubMetadata(hub.url, retry), token: () => token.value, events, logger, retry, stallMs: 30_000, ...options,
  });
  const waitIdle = async (key: string): Promise<DownloadState> => {
    for (;;) {
      if (!downloader.isRunning(key)) return downloader.state(key);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    hub, cache, downloader, messages, logs, token, waitIdle,
    download: async (request) => {
      downloader.start(request);
      return waitIdle(request.key);
    },
  };
}
