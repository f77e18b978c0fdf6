import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestGateway, type TestGateway } from '../helpers/in-process-gateway';
import { tempDir } from '../helpers/temp-dir';
import { makeConversation, writeWav } from '../fixtures/audio/two-voices';
import { startTestHub, type TestHub } from '../fixtures/hub/hub-server';
import { presetRepos } from '../fixtures/hub/preset-repos';
import { embeddingModel, segmentationModel } from '../fixtures/models/diarization-models';
import { canaryRepoFiles, canaryText } from '../fixtures/models/canary-model';
import { ensureDashboardBuilt } from './dashboard-build';
import { launchChromium, screenshot, watchPageErrors } from './chromium';
import { ShellPage } from './pages/shell-page';
import { AudioLabPage } from './pages/audio-lab-page';
import { ModelsPage } from './pages/models-page';

const FAKE_NVIDIA_SMI = join(import.meta.dirname, '..', 'fixtures', 'fake-nvidia-smi.mjs');

/**
 * Two espeak-ng voices the fixture diarization models tell apart, as a 16-bit WAV file: about 20 s
 * of voice A, then 20 s of voice B, so that Canary's 30-second chunks fall one per voice (the
 * fixture Canary emits one sentence per chunk and no word times to split a chunk by speaker).
 */
function twoVoicesWav(dir: string): Buffer {
  const a = ['Hello and thank you for calling the support line today', 'Did you try to unplug it for about one minute', 'Then I will send a technician to your home tomorrow morning', 'You are welcome and have a very nice day', 'Please keep your reference number close to the phone', 'Our technician will call you one hour before the visit'];
  const b = ['Hi there my router keeps rebooting every single hour', 'Yes I tried that twice and it did not help at all', 'That is great thank you so much for the help', 'Goodbye and thanks again for your patience', 'I will be at home all day tomorrow so any time works', 'Should I also restart the computer before the visit'];
  const call = makeConversation([...a.map((text) => ({ voice: 'A' as const, text, gap: 0.4 })), ...b.map((text, i) => ({ voice: 'B' as const, text, gap: i === 0 ? 1.2 : 0.4 }))]);
  writeWav(join(dir, 'two-voices.wav'), call.samples);
  return readFileSync(join(dir, 'two-voices.wav'));
}

// The audio lab against the real gateway, every part real but the weights: the Canary engine on
// the fixture Canary model and the pyannote pipeline on the fixture ONNX models, both downloaded
// from the local hub and loaded from the Models page; real upload, decoding and writers.
describe('audio lab in Chromium: Canary on GPU 1, drop an espeak-ng WAV, transcript + speakers, SRT export', () => {
  let gw: TestGateway;
  let hub: TestHub;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let errors: string[];
  let wav: Buffer;
  let shell: ShellPage;
  let lab: AudioLabPage;
  let models: ModelsPage;

  beforeAll(async () => {
    wav = twoVoicesWav(tempDir('passerelle-e2e-audio-'));
    hub = await startTestHub({
      repos: presetRepos({
        'istupakov/canary-1b-v2-onnx': canaryRepoFiles({ promptPrefix: true, timestamps: false }),
        'onnx-community/pyannote-segmentation-3.0': { 'onnx/model.onnx': Buffer.from(segmentationModel()) },
        'hbredin/wespeaker-voxceleb-resnet34-LM': { 'speaker-embedding.onnx': Buffer.from(embeddingModel()) },
      }).filter((r) => /canary-1b|pyannote|wespeaker|silero/.test(r.id)),
      tokens: { hf_e2e_operator: { user: 'operator', access: ['pyannote/speaker-diarization-3.1'] } },
    });
    process.env.FAKE_NVIDIA_SMI_GPUS = '8';
    gw = await startTestGateway({ FRONTEND_DIST: ensureDashboardBuilt(), HF_ENDPOINT: hub.url, HUGGINGFACE_TOKEN: 'hf_e2e_operator', NVIDIA_SMI: FAKE_NVIDIA_SMI });
    // A fake microphone (a tone), granted without a prompt, for the recording journey.
    ({ browser, close: closeBrowser } = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']));
    page = await (await browser.newContext({ acceptDownloads: true, permissions: ['microphone'], viewport: { width: 1400, height: 900 } })).newPage();
    errors = watchPageErrors(page);
    shell = new ShellPage(page, gw.url);
    await shell.open('/');
    await shell.signIn(gw.token);
    await shell.goTo('Audio lab');
    lab = new AudioLabPage(page);
    models = new ModelsPage(page);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await gw?.stop();
    await hub?.close();
    delete process.env.FAKE_NVIDIA_SMI_GPUS;
  });

  it('says which model to download when Canary is not there yet', async () => {
    await lab.drop('two-voices.wav', wav);
    await page.getByText('File: two-voices.wav').waitFor();
    await lab.transcribe();
    expect(await page.getByRole('alert').textContent()).toContain('Model "canary" is not downloaded');
  });

  it('downloads Canary and loads it on GPU 1 (CPU here: the card says so), pyannote, and Silero VAD to cut the audio', async () => {
    await shell.goTo('Models');
    await models.download('canary');
    await models.waitForCache('canary', 'complete');
    await models.chooseGpu('canary', 1);
    await models.load('canary', 1);
    await models.waitForRuntime('canary', 'loaded on CPU (asked for GPU 1');
    await models.download('pyannote');
    await models.waitForCache('pyannote', 'complete');
    await page.getByRole('button', { name: 'Load pyannote', exact: true }).click();
    await models.waitForRuntime('pyannote', 'loaded');
    await models.download('silero-vad');
    await models.waitForCache('silero-vad', 'complete');
    await screenshot(page, '26-models-audio-loaded');
  });

  it('transcribes the dropped WAV with Canary: text, times, and the timings', async () => {
    await shell.goTo('Audio lab');
    await lab.transcribe();
    expect(await page.getByRole('alert').count(), (await page.locator('main').textContent()) ?? '').toBe(0);
    const segments = await lab.segments();
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.join(' ')).toContain(canaryText('en', 'en', true));
    expect(await page.getByTestId('run-stats').textContent()).toMatch(/Audio \d+\.\d\d s · processing \d+\.\d\d s · real-time factor \d/);
  });

  it('with diarization: two speakers in time order, the waveform lanes, a click plays the span, and the SRT export is the gateway\'s', async () => {
    await lab.enableDiarization();
    await lab.transcribe();
    expect(await page.getByRole('alert').count(), (await page.locator('main').textContent()) ?? '').toBe(0);
    const speakers = await lab.speakers();
    expect(speakers, (await page.getByRole('list', { name: 'Transcript segments' }).textContent()) ?? '').toEqual(['A', 'B']);
    expect(await lab.segments()).toEqual([canaryText('en', 'en', true), canaryText('en', 'en', true)]);
    await page.getByTestId('waveform').waitFor();
    expect(await page.getByTestId('waveform').getAttribute('aria-label')).toContain(`lane per speaker: ${[...new Set(speakers)].join(', ')}`);
    await screenshot(page, '24-audio-lab');

    const last = page.getByRole('button', { name: /^Play / }).last();
    const label = (await last.getAttribute('aria-label'))!;
    const start = Number(label.match(/^Play 00:00:(\d\d\.\d{3})/)![1]);
    expect(start).toBeGreaterThan(15);
    await last.click();
    const at = await page.getByLabel('Audio player').evaluate((a) => (a as unknown as { currentTime: number }).currentTime);
    expect(at).toBeGreaterThanOrEqual(start - 0.01);
    expect(at).toBeLessThan(start + 1);

    const srt = await lab.export('SRT');
    expect(srt.name).toBe('two-voices.srt');
    const form = new FormData();
    form.append('file', new Blob([wav], { type: 'audio/wav' }), 'two-voices.wav');
    for (const [k, v] of Object.entries({ model: 'canary', response_format: 'srt', diarization_model: 'pyannote' })) form.append(k, v);
    const fromGateway = await (await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: form, headers: { authorization: `Bearer ${gw.token}` } })).text();
    expect(srt.text).toBe(fromGateway);
    expect(srt.text).toMatch(/^1\n00:00:0\d,\d{3} --> 00:00:\d\d,\d{3}\n\[A\] The quick brown fox jumps\.\n\n2\n00:00:\d\d,\d{3} --> 00:00:\d\d,\d{3}\n\[B\] The quick brown fox jumps\.\n$/);
  });

  it('shows the Hugging Face token masked with its account, and refuses a wrong one with the gateway\'s hint', async () => {
    await shell.goTo('Keys');
    const status = page.getByTestId('hf-status');
    await status.waitFor();
    expect(await status.textContent()).toMatch(/hf_.*from HUGGINGFACE_TOKEN.*account operator/);
    expect(await page.content()).not.toContain('hf_e2e_operator');
    await page.getByLabel('New token').fill('hf_not_a_token_the_hub_knows');
    await page.getByRole('button', { name: 'Save token' }).click();
    await page.getByRole('alert').filter({ hasText: 'hf_token_invalid' }).waitFor();
    await screenshot(page, '25-keys-hf-token');
    await shell.goTo('Audio lab');
  });

  it('records from the microphone and transcribes the recording', async () => {
    await page.getByLabel('Diarization (who spoke when)').uncheck();
    await page.getByRole('button', { name: 'Record from microphone' }).click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.getByText(/File: recording-.*\.webm/).waitFor();
    await lab.transcribe();
    expect(await page.getByRole('alert').count(), (await page.locator('main').textContent()) ?? '').toBe(0);
    expect(await page.getByTestId('run-stats').textContent()).toMatch(/Audio 1\.\d\d s/);
  });

  it('refuses a file that is not audio with the gateway\'s words', async () => {
    await lab.drop('notes.wav', Buffer.from('this is not audio at all'));
    await lab.transcribe();
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain('Unsupported file');
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
