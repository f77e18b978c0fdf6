import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { WorkerHost } from '../../../gateway/engines/worker-host';
import type { WorkerHandle } from '../../../gateway/engines/worker-handle';
import { isCudaProviderInstalled } from '../../../gateway/engines/cuda-provider';
import { GatewayError } from '../../../gateway/errors';
import type { EngineExit } from '../../../gateway/engines/engine-host';
import type { VadResult } from '../../../gateway/engines/vad/silero-vad-engine';
import { isAlive, sileroSnapshot } from '../../helpers/silero-snapshot';
import { spokenSentences } from '../../helpers/espeak-speech';

const host = new WorkerHost({ logger: pino({ level: 'silent' }), graceMs: 500 });
const snapshot = sileroSnapshot();
const handles: WorkerHandle[] = [];
afterAll(async () => {
  for (const h of handles) for (const pid of h.pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

async function startVad(gpuDeviceIds: number[] = []): Promise<WorkerHandle> {
  const handle = await host.start({ key: 'silero-vad', engine: 'silero-vad', snapshotDirs: { main: snapshot }, gpuDeviceIds, options: {} });
  handles.push(handle);
  return handle;
}

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('model worker host', () => {
  it('runs silero VAD in its own process and finds the speech', async () => {
    const handle = await startVad();
    expect(handle.pids).toHaveLength(1);
    expect(handle.pids[0]).not.toBe(process.pid);
    expect(handle.device).toBe('cpu');
    const speech = spokenSentences(['One sentence.', 'Then another one, a little longer.'], 1.5);
    const result = (await handle.run({ audio: speech.audio, params: { minSilenceMs: 500 } })) as VadResult;
    expect(result.segments).toHaveLength(2);
    expect(result.durationSeconds).toBeCloseTo(speech.audio.length / 16_000, 3);
    await handle.stop();
  });

  it('gives the worker CUDA_VISIBLE_DEVICES = the chosen ids, in PCI bus order, and says which device it used', async () => {
    const handle = await startVad([1, 2]);
    expect(handle.ready.env).toEqual({ CUDA_VISIBLE_DEVICES: '1,2', CUDA_DEVICE_ORDER: 'PCI_BUS_ID' });
    if (isCudaProviderInstalled()) expect(handle.device).toBe('cuda');
    else {
      expect(handle.device).toBe('cpu');
      expect(handle.deviceNote).toBe('loaded on CPU: the CUDA provider is not installed');
    }
    await handle.stop();
    const cpu = await startVad([]);
    expect(cpu.ready.env.CUDA_VISIBLE_DEVICES).toBe('');
    await cpu.stop();
  });

  it('never hands the gateway secrets to a worker', async () => {
    const secretHost = new WorkerHost({ logger: pino({ level: 'silent' }), env: { ...process.env, HUGGINGFACE_TOKEN: 'hf_secret', ADMIN_TOKEN: 'admin-secret-0123456789' } });
    const handle = await secretHost.start({ key: 'v', engine: 'silero-vad', snapshotDirs: { main: snapshot }, gpuDeviceIds: [], options: {} });
    handles.push(handle);
    const environ = await import('node:fs').then((fs) => fs.readFileSync(`/proc/${handle.pids[0]}/environ`, 'utf8'));
    expect(environ).not.toContain('hf_secret');
    expect(environ).not.toContain('admin-secret');
    await handle.stop();
  });

  it('unload leaves no process', async () => {
    const handle = await startVad();
    const [pid] = handle.pids;
    await handle.stop();
    expect(isAlive(pid!)).toBe(false);
  });

  it('kills a worker that does not stop within the grace period', async () => {
    const handle = await startVad();
    const [pid] = handle.pids;
    process.kill(pid!, 'SIGSTOP');
    const started = Date.now();
    await handle.stop();
    expect(isAlive(pid!)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('kill -9 of a worker fails the request in flight with 503 model_crashed and reports the exit', async () => {
    const handle = await startVad();
    const exits: EngineExit[] = [];
    handle.onExit((e) => exits.push(e));
    const inFlight = handle.run({ audio: new Float32Array(16_000 * 180) });
    await new Promise((r) => setTimeout(r, 200));
    process.kill(handle.pids[0]!, 'SIGKILL');
    const err = await inFlight.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe('model_crashed');
    expect((err as GatewayError).status).toBe(503);
    await handle.exited;
    expect(exits).toEqual([expect.objectContaining({ signal: 'SIGKILL', reason: 'killed by SIGKILL' })]);
  });

  it('streams progress messages of a long request before its result', async () => {
    const handle = await startVad();
    const progress: unknown[] = [];
    const result = (await handle.run({ audio: new Float32Array(16_000 * 65) }, { onProgress: (p) => progress.push(p) })) as VadResult;
    expect(result.durationSeconds).toBe(65);
    expect(progress).toEqual([
      { processedSeconds: expect.closeTo(30, 0), totalSeconds: 65 },
      { processedSeconds: expect.closeTo(60, 0), totalSeconds: 65 },
    ]);
    await handle.stop();
  });

  it('cancels a request when its signal aborts, and the worker keeps serving', async () => {
    const handle = await startVad();
    const controller = new AbortController();
    const run = handle.run({ audio: new Float32Array(16_000 * 180) }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('client gone')), 100);
    await expect(run).rejects.toThrow('client gone');
    const quick = (await handle.run({ audio: new Float32Array(16_000) })) as VadResult;
    expect(quick.segments).toEqual([]);
    await handle.stop();
  });

  it('maps a bad request to its error and a failed load to engine_load_failed, leaving no process', async () => {
    const handle = await startVad();
    await expect(handle.run({ audio: [1, 2, 3] })).rejects.toMatchObject({ code: 'invalid_audio', status: 400 });
    await expect(handle.run({ audio: new Float32Array(8000), sampleRate: 8000 })).rejects.toThrow('resample it first');
    await handle.stop();
    const failed = await host.start({ key: 'broken', engine: 'silero-vad', snapshotDirs: { main: '/nonexistent' }, gpuDeviceIds: [], options: {} }).then(() => null, (e: unknown) => e);
    expect(failed).toMatchObject({ code: 'engine_load_failed' });
    expect((failed as Error).message).toMatch(/ENOENT|nonexistent/);
    const unknown = await host.start({ key: 'x', engine: 'no-such-engine', snapshotDirs: {}, gpuDeviceIds: [], options: {} }).then(() => null, (e: unknown) => e);
    expect((unknown as Error).message).toContain('no engine "no-such-engine"');
  });

  it('a worker exits by itself when the gateway closes the channel', async () => {
    const handle = await startVad();
    const [pid] = handle.pids;
    (handle as unknown as { child: { disconnect(): void } }).child.disconnect();
    await waitGone(pid!);
    expect(isAlive(pid!)).toBe(false);
  });
});
