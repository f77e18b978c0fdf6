// Renderer benchmark (issue 9): the dashboard's initial JavaScript, gzipped, and the scripting cost
// of one 1 Hz update of the GPUs page with 8 GPUs and an hour of history, in Debian's Chromium.
//   node --import tsx test/bench/renderer.ts            (about 60 s; loopback only)
// The gateway is the real one with the fake nvidia-smi (8×H200, one sample a second); the hour of
// history is put into its GET /api/gpus answer by the browser's request interception, since the
// gateway itself only has the seconds it has been up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { loadConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/gateway';
import type { GpusResponse } from '../../gateway/contract/gpus';
import { ensureDashboardBuilt } from '../e2e/dashboard-build';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 40);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const dist = ensureDashboardBuilt();

/** The JS the first page load fetches: the entry script and its modulepreloads, gzipped. */
function initialJs(): { files: string[]; gzipBytes: number; rawBytes: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dist, f));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, gzipBytes, rawBytes };
}

/** Stretches the gateway's history to an hour of 1 Hz points per GPU, ending at its last sample. */
function withHourOfHistory(r: GpusResponse): GpusResponse {
  const end = Date.now();
  const n = 3600;
  return {
    ...r,
    history: r.gpus.map((g) => ({
      index: g.index, uuid: g.uuid,
      t: Array.from({ length: n }, (_, i) => end - (n - i) * 1000),
      memoryUsedBytes: Array.from({ length: n }, (_, i) => ((g.memoryTotalBytes ?? 1e11) * (0.3 + 0.2 * Math.sin(i / 300)))),
      utilizationPct: Array.from({ length: n }, (_, i) => 50 + 40 * Math.sin(i / 60 + g.index)),
      temperatureC: Array.from({ length: n }, (_, i) => 45 + 10 * Math.sin(i / 200)),
      powerW: Array.from({ length: n }, (_, i) => 300 + 200 * Math.sin(i / 90)),
    })),
  };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

const js = initialJs();
console.log(`initial JS: ${js.files.length} files, ${(js.rawBytes / 1024).toFixed(1)} KiB raw, ${(js.gzipBytes / 1024).toFixed(1)} KiB gzipped (budget 300 KB)`);

const cache = mkdtempSync(join(tmpdir(), 'passerelle-bench-renderer-'));
process.env.FAKE_NVIDIA_SMI_GPUS = '8';
const gw = await startGateway(loadConfig({
  API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'error', MODEL_CACHE_DIR: cache, ADMIN_TOKEN: TOKEN, FRONTEND_DIST: dist,
  NVIDIA_SMI: join(import.meta.dirname, '..', 'fixtures', 'fake-nvidia-smi.mjs'), GPU_POLL_MS: '1000',
}));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  await page.addInitScript((token) => {
    // This runs in the page; the casts stand in for the DOM types the Node side does not load.
    const w = globalThis as unknown as { gpuUpdates: number[]; localStorage: { setItem(k: string, v: string): void } };
    w.localStorage.setItem('passerelle.adminToken', token);
    w.gpuUpdates = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.gpuUpdates.push(e.duration); }).observe({ type: 'measure' });
  }, TOKEN);
  await page.route('**/api/gpus?**', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: withHourOfHistory((await res.json()) as GpusResponse) });
  });
  await page.goto(`${gw.url}/#/gpus`);
  await page.getByTestId('gpu-card-7').waitFor({ timeout: 30_000 });
  await page.getByRole('radio', { name: '60 min' }).check();
  await page.waitForTimeout(2000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name: string) => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0);
  await page.evaluate(() => { (globalThis as unknown as { gpuUpdates: number[] }).gpuUpdates.length = 0; });
  const script0 = await metric('ScriptDuration');
  const task0 = await metric('TaskDuration');
  await page.waitForTimeout(SECONDS * 1000);
  const scriptS = (await metric('ScriptDuration')) - script0;
  const taskS = (await metric('TaskDuration')) - task0;
  const updates = await page.evaluate(() => (globalThis as unknown as { gpuUpdates: number[] }).gpuUpdates);
  console.log(`GPUs page, 8 GPUs, 3600 points each, 60-minute window, ${updates.length} samples in ${SECONDS} s:`);
  console.log(`  per update (store + 8 uPlot redraws, performance measure): median ${quantile(updates, 0.5).toFixed(2)} ms, p95 ${quantile(updates, 0.95).toFixed(2)} ms, max ${Math.max(...updates).toFixed(2)} ms (budget 8 ms)`);
  console.log(`  all page scripting (CDP ScriptDuration incl. React and SSE parsing): ${((scriptS * 1000) / Math.max(1, updates.length)).toFixed(2)} ms per update; all main-thread tasks ${((taskS * 1000) / Math.max(1, updates.length)).toFixed(2)} ms per update`);
} finally {
  await browser.close();
  await gw.stop();
  rmSync(cache, { recursive: true, force: true });
}
