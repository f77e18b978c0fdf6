import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestGateway, type TestGateway } from '../helpers/in-process-gateway';
import { tempDir } from '../helpers/temp-dir';
import { startTestHub, type TestHub } from '../fixtures/hub/hub-server';
import { presetRepos } from '../fixtures/hub/preset-repos';
import { FAKE_VLLM, readRecord, readRequestEvents } from '../fixtures/fake-vllm';
import { writeFileSync } from 'node:fs';
import { ensureDashboardBuilt } from './dashboard-build';
import { launchChromium, screenshot, watchPageErrors } from './chromium';
import { ShellPage } from './pages/shell-page';
import { ModelsPage } from './pages/models-page';
import { GpusPage } from './pages/gpus-page';
import { PlaygroundPage } from './pages/playground-page';

const FAKE_NVIDIA_SMI = join(import.meta.dirname, '..', 'fixtures', 'fake-nvidia-smi.mjs');
const QWEN_CONFIG = JSON.stringify({ architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', num_attention_heads: 28, num_key_value_heads: 4, max_position_embeddings: 32768 });
const FAKE_ENV = { FAKE_NVIDIA_SMI_GPUS: '8', FAKE_VLLM_STARTUP_MS: '150', FAKE_VLLM_TOKEN_MS: '20', FAKE_VLLM_RECORD: '', FAKE_VLLM_EVENTS: '', FAKE_NVIDIA_SMI_STATE: '' };

// The operator's journey on an 8-GPU host (fake nvidia-smi), with the local hub and the fake vLLM.
describe('operator journey in Chromium: download, load on GPU 1, GPU charts, chat', () => {
  let hub: TestHub;
  let gw: TestGateway;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let errors: string[];
  let shell: ShellPage;
  let vllmEvents: string;
  let vllmRecord: string;
  let smiState: string;

  beforeAll(async () => {
    const dist = ensureDashboardBuilt();
    hub = await startTestHub({ repos: presetRepos({ 'Qwen/Qwen2.5-7B-Instruct': { 'config.json': QWEN_CONFIG } }).filter((r) => ['istupakov/canary-1b-v2-onnx', 'Qwen/Qwen2.5-7B-Instruct'].includes(r.id)) });
    // The fake vLLM and nvidia-smi read their knobs from the gateway's (this process's) environment.
    const vllmDir = tempDir('passerelle-e2e-vllm-');
    vllmEvents = join(vllmDir, 'events.jsonl');
    vllmRecord = join(vllmDir, 'record.json');
    smiState = join(vllmDir, 'nvidia-smi-state.json');
    Object.assign(process.env, FAKE_ENV, { FAKE_VLLM_RECORD: vllmRecord, FAKE_VLLM_EVENTS: vllmEvents, FAKE_NVIDIA_SMI_STATE: smiState });
    gw = await startTestGateway({ FRONTEND_DIST: dist, HF_ENDPOINT: hub.url, NVIDIA_SMI: FAKE_NVIDIA_SMI, GPU_POLL_MS: '500', VLLM_COMMAND: FAKE_VLLM });
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    errors = watchPageErrors(page);
    shell = new ShellPage(page, gw.url);
    await shell.open('/');
    await shell.signIn(gw.token);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await gw?.stop();
    await hub?.close();
    for (const k of Object.keys(FAKE_ENV)) delete process.env[k];
  });

  it('downloads the Canary fixture and shows its progress, then a complete cache', async () => {
    hub.faults.throttleBytesPerSecond = 20_000;
    const models = new ModelsPage(page);
    await shell.goTo('Models');
    await models.download('canary');
    const progress = await models.progressText('canary');
    expect(progress).toMatch(/\d.* \/ \d/);
    const panel = models.card('canary').getByTestId('download-progress');
    await panel.getByText(/^\d+ files$/).click();
    expect(await panel.getByRole('table', { name: 'Files of canary' }).getByRole('row').count()).toBeGreaterThan(1);
    expect(await panel.textContent()).toMatch(/\/s.*ETA/);
    await screenshot(page, '20-models-downloading');
    // Cancel keeps the partial files: the card offers to resume, and the resume completes.
    await page.getByRole('button', { name: 'Cancel download of canary', exact: true }).click();
    await panel.waitFor({ state: 'detached' });
    await models.waitForCache('canary', 'partial');
    delete hub.faults.throttleBytesPerSecond;
    await page.getByRole('button', { name: 'Resume download of canary', exact: true }).click();
    await models.waitForCache('canary', 'complete');
  });

  it('purges a cache only after the user confirms, then offers the download again', async () => {
    const models = new ModelsPage(page);
    const question = await models.purge('canary');
    expect(question).toContain('istupakov/canary-1b-v2-onnx');
    await page.getByRole('button', { name: 'Download canary', exact: true }).waitFor();
    await models.download('canary');
    await models.waitForCache('canary', 'complete');
  });

  it('shows a failed load with the gateway\'s words and a link to the diagnostic that explains it', async () => {
    const models = new ModelsPage(page);
    // The hub's canary files are filler bytes, not ONNX: the worker cannot load them.
    await page.getByRole('button', { name: 'Load canary', exact: true }).click();
    const alert = models.card('canary').getByRole('alert');
    await alert.first().waitFor({ timeout: 30_000 });
    expect(await alert.first().textContent()).toMatch(/failed/i);
    await screenshot(page, '21-models-load-failed');
    const link = models.card('canary').getByRole('link', { name: /diagnostic/ }).first();
    const check = ((await link.textContent()) ?? '').match(/“(.+)”/)?.[1];
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Diagnostics' }).waitFor();
    await page.locator(`#check-${check?.replace(/\./g, '\\.')}`).waitFor();
    await shell.goTo('Models');
  });

  it('adds a Hugging Face repo from the dialog, refusing a bad id before sending it', async () => {
    await page.getByRole('button', { name: 'Add model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a Hugging Face model' });
    await dialog.getByLabel('Catalog key').fill('qwen-copy');
    await dialog.getByLabel('Repo id').fill('Qwen/Qwen2.5--7B');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    expect(await dialog.getByRole('alert').textContent()).toContain('"--" and ".." are not allowed');
    await dialog.getByLabel('Repo id').fill('Qwen/Qwen2.5-7B-Instruct');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await new ModelsPage(page).card('qwen-copy').waitFor();
    expect(await dialog.isVisible()).toBe(false);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Remove qwen-copy from the catalog' }).click();
    await new ModelsPage(page).card('qwen-copy').waitFor({ state: 'detached' });
  });

  it('loads qwen on GPU 1 after the preflight, and the card says where it runs', async () => {
    const models = new ModelsPage(page);
    await models.download('qwen');
    await models.waitForCache('qwen', 'complete');
    await models.chooseGpu('qwen', 1);
    expect(await models.preflightText('qwen')).toContain('fits');
    await models.load('qwen', 1);
    await models.waitForRuntime('qwen', 'loaded on GPU 1');
    await screenshot(page, '21-models-loaded');
  });

  it('shows eight GPU cards whose charts move with the live samples', async () => {
    const gpus = new GpusPage(page);
    await shell.goTo('GPUs');
    await page.getByTestId('gpu-card-7').waitFor();
    expect(await gpus.cards().count()).toBe(8);
    await gpus.chooseWindow(1);
    const before = await gpus.chartPixels(1);
    await page.waitForTimeout(1500);
    expect(await gpus.chartPixels(1)).not.toBe(before);
    expect(await page.getByTestId('gpu-card-1').textContent()).toMatch(/memory \d+ %/);
    // The driver now shows the vLLM process on GPU 1 (as nvidia-smi would once it allocates).
    writeFileSync(smiState, JSON.stringify({ processes: [{ pid: readRecord(vllmRecord).pid, gpu: 1, usedMiB: 60_000, name: 'python3' }] }));
    const row = page.getByRole('table', { name: 'Processes on GPU 1' }).getByRole('row').filter({ hasText: 'qwen' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('58.6 GiB');
    await page.getByTestId('gpu-card-1').getByText('memory 4').waitFor({ timeout: 5000 });
    await screenshot(page, '22-gpus');
  });

  it('streams a chat answer in the playground with tokens per second', async () => {
    const playground = new PlaygroundPage(page);
    await shell.goTo('Playground');
    await page.getByRole('combobox', { name: 'Model' }).filter({ hasText: 'qwen' }).waitFor();
    await page.getByLabel('Max tokens').fill('24');
    await playground.send('Say hello');
    await playground.waitUntilDone();
    expect((await playground.lastAnswer().textContent())!.replace(/^assistant/, '').trim().length).toBeGreaterThan(3);
    expect(await playground.tokensPerSecond()).toMatch(/^\d+ tokens · [\d.]+ tokens\/s$/);
    await screenshot(page, '23-playground');
  });

  it('stops a long answer with the Stop button', async () => {
    const playground = new PlaygroundPage(page);
    await page.getByLabel('Max tokens').fill('2000');
    await playground.send('Tell me a long story');
    await page.getByTestId('tokens-per-second').filter({ hasText: 'tokens/s' }).waitFor();
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Stop' }).click();
    await playground.waitUntilDone();
    expect(Date.now() - t0).toBeLessThan(5000);
    const tokens = Number((await playground.tokensPerSecond()).split(' ')[0]);
    expect(tokens).toBeGreaterThan(0);
    expect(tokens).toBeLessThan(2000);
    expect(await page.getByRole('alert').count()).toBe(0);
    // The abort reached the engine: the fake vLLM saw the client go away mid-answer.
    for (let i = 0; i < 50 && !readRequestEvents(vllmEvents).some((e) => e.event === 'aborted'); i++) await page.waitForTimeout(100);
    expect(readRequestEvents(vllmEvents).filter((e) => e.path === '/v1/chat/completions').map((e) => e.event)).toEqual(['done', 'aborted']);
  });

  it('unloads qwen from the Models page, and the card follows the gateway', async () => {
    const models = new ModelsPage(page);
    await shell.goTo('Models');
    await page.getByRole('button', { name: 'Unload qwen', exact: true }).click();
    await models.waitForRuntime('qwen', 'unloaded');
    // The GPU ticked before is still ticked: the button offers it again.
    await page.getByRole('button', { name: 'Load qwen on GPU 1', exact: true }).waitFor();
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
