import { describe, expect, it } from 'vitest';
import { routes } from '../../../../gateway/contract/routes';
import { StreamMessage } from '../../../../gateway/contract/events';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { fakeNvidiaSmi } from '../../../helpers/fake-nvidia-smi';

const MIB = 1024 * 1024;

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function gpus(gw: TestGateway, query = '') {
  const res = await gw.admin(`/api/gpus${query}`);
  expect(res.status).toBe(200);
  return routes.gpus.response.parse(await res.json());
}

/** Reads the event stream until a message of `type` arrives. */
async function nextMessage(gw: TestGateway, type: string): Promise<StreamMessage> {
  const controller = new AbortController();
  const res = await gw.admin('/api/events', { signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      text += decoder.decode(value, { stream: true });
      for (const block of text.split('\n\n')) {
        if (!block.includes(`event: ${type}\n`)) continue;
        const data = block.split('\n').find((l) => l.startsWith('data: '))!;
        return StreamMessage.parse(JSON.parse(data.slice(6)));
      }
    }
  } finally {
    controller.abort();
  }
}

describe('GET /api/gpus and gpu.sampled through the real gateway (fake nvidia-smi, 8×H200)', async () => {
  const gw = await startTestGateway({ NVIDIA_SMI: fakeNvidiaSmi(), GPU_POLL_MS: '200' });

  it('lists the 8 GPUs in the design\'s shape, with history and host', async () => {
    const body = await until(() => gpus(gw), (b) => b.gpus.length === 8 && b.host !== null, 'eight GPUs and the host');
    expect(body.monitor).toMatchObject({ state: 'running', restarts: 0 });
    expect(body.gpus[7]).toMatchObject({ index: 7, name: 'NVIDIA H200', memoryTotalBytes: 143771 * MIB, memoryUsedBytes: 0, utilizationPct: 0, powerLimitW: 700, processes: [] });
    expect(body.gpus[7]!.uuid).toMatch(/^GPU-[0-9a-f]{8}-/);
    expect(body.history.map((h) => h.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(body.history[0]!.t.length).toBeGreaterThanOrEqual(1);
    expect(body.host).toMatchObject({ cacheDisk: { path: gw.cacheDir }, cpu: { cores: expect.any(Number) } });
    expect(body.host!.memory.totalBytes).toBeGreaterThan(0);
    expect((await gpus(gw, '?historySeconds=0')).history).toEqual([]);
  });

  it('publishes gpu.sampled on /api/events', async () => {
    const message = await nextMessage(gw, 'gpu.sampled');
    expect(message.type).toBe('gpu.sampled');
    if (message.type !== 'gpu.sampled') return;
    expect(message.gpus).toHaveLength(8);
    expect(Date.now() - Date.parse(message.time)).toBeLessThan(5000);
  });

  it('exports Prometheus gauges per GPU on /metrics', async () => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    expect(text).toMatch(/passerelle_gpu_memory_total_bytes\{gpu="7",uuid="GPU-[0-9a-f-]+",name="NVIDIA H200"\} 150754820096/);
    expect(text).toMatch(/passerelle_gpu_temperature_celsius\{gpu="0",/);
    expect(text).toMatch(/passerelle_gpu_monitor_up 1/);
  });

  it('needs the admin token, and refuses a bad query with a 400 that names the field', async () => {
    expect((await fetch(`${gw.url}/api/gpus`)).status).toBe(401);
    const res = await gw.admin('/api/gpus?historySeconds=7200');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: 'invalid_request', param: 'historySeconds' });
  });
});

describe('GET /api/gpus on a host without an NVIDIA driver', async () => {
  const gw = await startTestGateway({ NVIDIA_SMI: '/nonexistent/nvidia-smi' });

  it('answers an empty list with the reason, logs one warning, and diagnostics warn', async () => {
    const body = await until(() => gpus(gw), (b) => b.monitor.state === 'no_driver', 'no driver');
    expect(body.gpus).toEqual([]);
    expect(body.monitor.message).toMatch(/no NVIDIA driver: cannot run \/nonexistent\/nvidia-smi: ENOENT/);
    const warnings = gw.logs.lines.filter((l) => l.includes('GPU monitor') && JSON.parse(l).level >= 40);
    expect(warnings).toHaveLength(1);
    const diag = routes.diagnostics.response.parse(await (await gw.admin('/api/diagnostics')).json());
    expect(diag.checks.find((c) => c.id === 'gpus')).toMatchObject({ status: 'warn' });
    expect(await (await fetch(`${gw.url}/metrics`)).text()).toMatch(/passerelle_gpu_monitor_up 0/);
  });
});
