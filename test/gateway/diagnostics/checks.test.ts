import { beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnxRuntimeCheck } from '../../../gateway/diagnostics/checks/onnxruntime';
import { meetsCuda, nvidiaDriverCheck, parseDriverTable } from '../../../gateway/diagnostics/checks/nvidia-driver';
import { gpusVisibleCheck } from '../../../gateway/diagnostics/checks/gpus-visible';
import { ffmpegCheck } from '../../../gateway/diagnostics/checks/ffmpeg';
import { forgetVllmVersions, vllmCheck } from '../../../gateway/diagnostics/checks/vllm';
import { hfTokenCheck } from '../../../gateway/diagnostics/checks/hf-token';
import { judgeCacheSpace, modelCacheCheck } from '../../../gateway/diagnostics/checks/model-cache';
import { frontendDistCheck } from '../../../gateway/diagnostics/checks/frontend-dist';
import { FAKE_VLLM } from '../../fixtures/fake-vllm';
import { fakeNvidiaSmi } from '../../helpers/fake-nvidia-smi';
import { check, diagnosticsContext, gpu, snapshotOf } from '../../helpers/diagnostics-context';
import { tempDir } from '../../helpers/temp-dir';

const GIB = 1024 ** 3;

/** An executable that prints to stderr and exits 1: a tool that is installed but broken. */
function brokenTool(message: string): string {
  const file = join(tempDir(), 'broken');
  writeFileSync(file, `#!/bin/sh\necho "${message}" >&2\nexit 1\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('ONNX Runtime check', () => {
  it('ok: the real onnxruntime-node with its providers', async () => {
    const r = await check(onnxRuntimeCheck, diagnosticsContext());
    expect(r.status).toBe('ok');
    expect(r.message).toMatch(/^ONNX Runtime 1\.\d+\.\d+: cpu, .*cuda \(not installed\)/);
    expect(r.details).toMatchObject({ providers: expect.arrayContaining(['cpu', 'cuda']), cudaProviderInstalled: false });
  });

  it('warn: GPUs are visible but the CUDA provider is not installed', async () => {
    const r = await check(onnxRuntimeCheck, diagnosticsContext({ gpus: snapshotOf([gpu(0)]) }));
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/1 GPU\(s\) are visible but the CUDA execution provider is not installed/);
    expect(r.fix).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
  });

  it('ok on GPUs when the CUDA provider is installed', async () => {
    const loadOnnxRuntime = async () => ({ version: '1.30.0', backends: [{ name: 'cpu', bundled: true }, { name: 'cuda', bundled: false }], cudaProviderInstalled: true });
    const r = await check(onnxRuntimeCheck, diagnosticsContext({ gpus: snapshotOf([gpu(0)]), loadOnnxRuntime }));
    expect(r).toMatchObject({ status: 'ok', message: expect.stringMatching(/cuda \(installed\).*can run on the GPUs/) });
  });

  it('fail: the binding cannot be loaded', async () => {
    const r = await check(onnxRuntimeCheck, diagnosticsContext({ loadOnnxRuntime: () => Promise.reject(new Error('libonnxruntime.so.1: cannot open shared object file')) }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/cannot be loaded: libonnxruntime\.so\.1/) });
  });
});

describe('NVIDIA driver and CUDA check (the fake nvidia-smi)', () => {
  it('reads driver and CUDA versions from the summary table and from --version', () => {
    expect(parseDriverTable('| NVIDIA-SMI 550.90.07              Driver Version: 550.90.07      CUDA Version: 12.4     |')).toEqual({ driver: '550.90.07', cuda: '12.4' });
    expect(parseDriverTable('DRIVER version      : 560.35.03\nCUDA Version        : 12.6')).toEqual({ driver: '560.35.03', cuda: '12.6' });
    expect([meetsCuda('12.4'), meetsCuda('12.10'), meetsCuda('13.0'), meetsCuda('12.3'), meetsCuda('11.8')]).toEqual([true, true, true, false, false]);
  });

  it('ok: driver 550, CUDA 12.4', async () => {
    const r = await check(nvidiaDriverCheck, diagnosticsContext({}, { nvidiaSmi: fakeNvidiaSmi() }));
    expect(r).toMatchObject({ status: 'ok', message: 'Driver 550.90.07, CUDA 12.4 (12.4+ required).' });
  });

  it('fail: a driver whose CUDA is older than 12.4', async () => {
    const r = await check(nvidiaDriverCheck, diagnosticsContext({}, { nvidiaSmi: fakeNvidiaSmi({ DRIVER: '535.183.01', CUDA: '12.2' }) }));
    expect(r).toMatchObject({ status: 'fail', message: 'Driver 535.183.01 supports CUDA 12.2; Passerelle needs CUDA 12.4 or newer.' });
    expect(r.fix).toMatch(/550 or newer/);
  });

  it('fail: nvidia-smi present but the driver does not answer', async () => {
    const r = await check(nvidiaDriverCheck, diagnosticsContext({}, { nvidiaSmi: fakeNvidiaSmi({ FAIL: 'driver' }) }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/exit 9.*couldn't communicate with the NVIDIA driver/);
  });

  it('warn: no nvidia-smi at all (a CPU host)', async () => {
    const r = await check(nvidiaDriverCheck, diagnosticsContext());
    expect(r).toMatchObject({ status: 'warn', message: expect.stringMatching(/not found: this host has no NVIDIA driver/) });
  });
});

describe('GPUs visible check', () => {
  it('ok: lists the GPUs by index', async () => {
    const r = await check(gpusVisibleCheck, diagnosticsContext({ gpus: snapshotOf([gpu(0), gpu(1)]) }));
    expect(r).toMatchObject({ status: 'ok', message: '2 GPU(s): NVIDIA H200; indexes 0, 1.' });
  });

  it('right after start, waits for the monitor\'s first sample', async () => {
    let gpus = snapshotOf([]);
    const monitor = { snapshot: () => gpus.snapshot(), whenReady: () => new Promise<void>((r) => setTimeout(() => { gpus = snapshotOf([gpu(0)]); r(); }, 100)) };
    expect(await check(gpusVisibleCheck, diagnosticsContext({ gpus: monitor }))).toMatchObject({ status: 'ok', message: '1 GPU(s): NVIDIA H200; indexes 0.' });
  });

  it('warn: none visible, with the monitor\'s reason', async () => {
    const r = await check(gpusVisibleCheck, diagnosticsContext());
    expect(r).toMatchObject({ status: 'warn', message: expect.stringMatching(/No GPU is visible: no NVIDIA driver: .*ENOENT/) });
  });
});

describe('ffmpeg check', () => {
  it('ok: the installed ffmpeg and its version', async () => {
    const r = await check(ffmpegCheck, diagnosticsContext());
    expect(r.status).toBe('ok');
    expect(r.message).toMatch(/^ffmpeg \d/);
  });

  it('warn when absent, fail when broken', async () => {
    expect(await check(ffmpegCheck, diagnosticsContext({ ffmpegCommand: '/nonexistent/ffmpeg' }))).toMatchObject({ status: 'warn', message: expect.stringMatching(/only WAV uploads/) });
    expect(await check(ffmpegCheck, diagnosticsContext({ ffmpegCommand: brokenTool('libavcodec.so.59: cannot open') }))).toMatchObject({ status: 'fail', message: expect.stringMatching(/libavcodec/) });
  });
});

describe('vLLM command check', () => {
  beforeEach(() => forgetVllmVersions());

  it('ok: VLLM_COMMAND answers --version', async () => {
    const r = await check(vllmCheck, diagnosticsContext({}, { vllmCommand: [process.execPath, FAKE_VLLM] }));
    expect(r).toMatchObject({ status: 'ok', details: { version: '0.11.0' } });
  });

  it('warn when not installed, fail when it breaks', async () => {
    expect(await check(vllmCheck, diagnosticsContext())).toMatchObject({ status: 'warn', message: expect.stringMatching(/chat models with engine vllm cannot load/) });
    const r = await check(vllmCheck, diagnosticsContext({}, { vllmCommand: [brokenTool('ModuleNotFoundError: No module named torch')] }));
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/No module named torch/) });
  });
});

describe('Hugging Face token check', () => {
  it('warn: not configured', async () => {
    expect(await check(hfTokenCheck, diagnosticsContext())).toMatchObject({ status: 'warn', message: expect.stringMatching(/^Not configured/) });
  });

  it('warn: set (environment or the guide\'s .hf_token file) but no token service to validate it', async () => {
    expect(await check(hfTokenCheck, diagnosticsContext({}, { huggingfaceToken: 'hf_abcdefghijkl' }))).toMatchObject({ status: 'warn', message: expect.stringMatching(/validity is not checked/) });
    const cache = tempDir();
    writeFileSync(join(cache, '.hf_token'), 'hf_fromthefile');
    expect((await check(hfTokenCheck, diagnosticsContext({}, { modelCacheDir: cache }))).message).toMatch(/validity is not checked/);
  });

  it('ok when the token store says valid, fail when the hub refuses it; never shows the token', async () => {
    const ok = await check(hfTokenCheck, diagnosticsContext({ sources: { hfToken: async () => ({ configured: true, valid: true, user: 'ops-team' }) } }));
    expect(ok).toMatchObject({ status: 'ok', message: 'Valid for ops-team.' });
    const bad = await check(hfTokenCheck, diagnosticsContext({ sources: { hfToken: async () => ({ configured: true, valid: false, error: 'Invalid credentials in Authorization header' }) } }, { huggingfaceToken: 'hf_secretsecret' }));
    expect(bad).toMatchObject({ status: 'fail', message: expect.stringMatching(/refused by the hub: Invalid credentials/) });
    expect(JSON.stringify(bad)).not.toContain('hf_secretsecret');
  });
});

describe('model cache check', () => {
  it('ok or warn by free space on a writable directory; fail when not writable', async () => {
    const r = await check(modelCacheCheck, diagnosticsContext());
    expect(r.status).not.toBe('fail');
    expect(r.message).toMatch(/is writable, \d+\.\d GiB free/);
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, '');
    expect(await check(modelCacheCheck, diagnosticsContext({}, { modelCacheDir: file }))).toMatchObject({ status: 'fail', message: expect.stringMatching(/is not writable \(ENOTDIR\)/) });
  });

  it('judges free space: under 1 GiB fails, under 20 GiB warns', () => {
    expect(judgeCacheSpace('/models', { freeBytes: 500 * 1024 ** 2, totalBytes: 100 * GIB }).status).toBe('fail');
    expect(judgeCacheSpace('/models', { freeBytes: 8 * GIB, totalBytes: 100 * GIB })).toMatchObject({ status: 'warn', message: expect.stringMatching(/8\.0 GiB free; the models need several tens of GB/) });
    expect(judgeCacheSpace('/models', { freeBytes: 80 * GIB, totalBytes: 100 * GIB }).status).toBe('ok');
  });
});

describe('FRONTEND_DIST check', () => {
  it('ok with an index.html, warn without', async () => {
    const dist = tempDir();
    expect((await check(frontendDistCheck, diagnosticsContext({}, { frontendDist: dist }))).status).toBe('warn');
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    expect((await check(frontendDistCheck, diagnosticsContext({}, { frontendDist: dist }))).status).toBe('ok');
    mkdirSync(join(dist, 'missing'), { recursive: true });
    expect((await check(frontendDistCheck, diagnosticsContext({}, { frontendDist: join(dist, 'nope') }))).message).toMatch(/does not exist/);
  });
});
