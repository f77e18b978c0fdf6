import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { routes } from '../../../../gateway/contract/routes';
import { startTestGateway } from '../../../helpers/in-process-gateway';
import { fakeNvidiaSmi } from '../../../helpers/fake-nvidia-smi';
import { tempDir } from '../../../helpers/temp-dir';

describe('GET /api/diagnostics through the real gateway', async () => {
  const dist = tempDir();
  writeFileSync(join(dist, 'index.html'), '<script type="module" src="/assets/index-A1.js"></script>');
  mkdirSync(join(dist, 'assets'));
  const gw = await startTestGateway({ NVIDIA_SMI: fakeNvidiaSmi({ GPUS: '2' }), GPU_POLL_MS: '200', FRONTEND_DIST: dist });
  await gw.deps.gpus!.whenReady();

  const report = async () => {
    const res = await gw.admin('/api/diagnostics');
    expect(res.status).toBe(200);
    return routes.diagnostics.response.parse(await res.json());
  };
  const row = (r: Awaited<ReturnType<typeof report>>, id: string) => r.checks.find((c) => c.id === id)!;

  it('reports the driver, the GPUs and each guide row with its status', async () => {
    const r = await report();
    expect(row(r, 'nvidia-driver')).toMatchObject({ status: 'ok', message: 'Driver 550.90.07, CUDA 12.4 (12.4+ required).' });
    expect(row(r, 'gpus')).toMatchObject({ status: 'ok', message: '2 GPU(s): NVIDIA H200; indexes 0, 1.' });
    expect(row(r, 'troubleshooting.cuda-required').status).toBe('ok');
    expect(row(r, 'troubleshooting.dashboard-empty')).toMatchObject({ status: 'fail', cause: 'Frontend not served, or FRONTEND_DIST wrong.' });
    writeFileSync(join(dist, 'assets', 'index-A1.js'), '');
    expect(row(await report(), 'troubleshooting.dashboard-empty').status).toBe('ok');
  });

  it('a refused /v1 request shows in the « 401/403 » row', async () => {
    gw.deps.keys.create({ name: 'ci' });
    expect((await fetch(`${gw.url}/v1/models`, { headers: { authorization: 'Bearer wrong-key-123456' } })).status).toBe(401);
    expect(row(await report(), 'troubleshooting.api-401')).toMatchObject({ status: 'warn', cause: 'API key missing or invalid.' });
  });

  it('a source that throws becomes a fail row, never a 500', async () => {
    const sources = gw.deps.diagnostics!.sources;
    const wired = sources.hfToken;
    expect(row(await report(), 'hf-token')).toMatchObject({ status: 'warn', message: expect.stringMatching(/^Not configured/) });
    sources.hfToken = () => Promise.reject(new Error('token store unreadable'));
    expect(row(await report(), 'hf-token')).toMatchObject({ status: 'fail', message: 'The check itself failed: token store unreadable' });
    sources.hfToken = wired;
  });

  it('needs the admin token', async () => {
    expect((await fetch(`${gw.url}/api/diagnostics`)).status).toBe(401);
  });
});
