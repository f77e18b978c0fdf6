import { join } from 'node:path';
import { EventBus } from '../../../../gateway/events/event-bus';
import { EventLog } from '../../../../gateway/events/event-log';
import { createLogger } from '../../../../gateway/logging/logger';
import { ProcessRegistry } from '../../../../gateway/engines/llm/process-registry';
import { startVllm, type VllmTiming } from '../../../../gateway/engines/llm/vllm-engine';
import { FAKE_VLLM, writeSnapshot } from '../../../fixtures/fake-vllm';
import { tempDir } from '../../../helpers/temp-dir';
import { LogCapture } from '../../../helpers/log-capture';

/** The vLLM engine wired to the fake executable, with short timings; one per test file. */
export function vllmHarness(timing: Partial<VllmTiming> = {}) {
  const dir = tempDir('passerelle-vllm-');
  const events = new EventBus(new EventLog({ dir: null }));
  const logs = new LogCapture();
  const registry = new ProcessRegistry(dir);
  const snapshot = writeSnapshot(join(dir, 'snapshot'));
  let n = 0;
  const start = (env: Record<string, string> = {}, gpuDeviceIds: number[] = [0], options: Record<string, unknown> = {}) => {
    const record = join(dir, `record-${++n}.json`);
    const requests = join(dir, `requests-${n}.jsonl`);
    const handle = startVllm({ key: 'qwen', snapshotDir: snapshot, gpuDeviceIds, options }, {
      command: [FAKE_VLLM], cacheDir: dir, events, logger: createLogger('debug', { destination: logs }), registry,
      env: { PATH: process.env.PATH, FAKE_VLLM_STARTUP_MS: '100', FAKE_VLLM_RECORD: record, FAKE_VLLM_EVENTS: requests, ...env },
      timing: { readyPollMs: 50, probeIntervalMs: 100, probeTimeoutMs: 500, probeFailures: 2, stopGraceMs: 2000, startupTimeoutMs: 10_000, ...timing },
    });
    return { handle, record, requests };
  };
  return { dir, events, logs, registry, snapshot, start };
}
