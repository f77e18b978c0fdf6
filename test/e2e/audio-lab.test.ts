import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestGateway, type TestGateway } from '../helpers/in-process-gateway';
import { tempDir } from '../helpers/temp-dir';
import { FakeTranscriptionService } from '../fixtures/audio/fake-transcription-service';
import { makeConversation, writeWav } from '../fixtures/audio/two-voices';
import { startTestHub, type TestHub } from '../fixtures/hub/hub-server';
import { presetRepos } from '../fixtures/hub/preset-repos';
import { embeddingModel, segmentationModel } from '../fixtures/models/diarization-models';
import { ModelsPage } from './pages/models-page';
import { ensureDashboardBuilt } from './dashboard-build';
import { launchChromium, screenshot, watchPageErrors } from './chromium';
import { ShellPage } from './pages/shell-page';
import { AudioLabPage } from './pages/audio-lab-page';

/** Two espeak-ng voices the fixture diarization models tell apart, as a 16-bit WAV file. */
function twoVoicesWav(dir: string): Buffer {
  const call = makeConversation([
    { voice: 'A', text: 'Hello and thank you for calling the support line today', gap: 0.5 },
    { voice: 'B', text: 'Hi there my router keeps rebooting every single hour', gap: 0.8 },
  ]);
  writeWav(join(dir, 'two-voices.wav'), call.samples);
  return readFileSync(join(dir, 'two-voices.wav'));
}

// The audio lab against the real gateway: real upload (multipart), real decoding, real pyannote
// pipeline on the fixture ONNX models (downloaded from the local hub and loaded from the Models
// page), real writers. HACK(renderer): transcription is the fixture service (voiced stretches,
// scripted text) until startGateway wires the Canary engine; then this test drops the stand-in.
describe('audio lab in Chromium: drop an espeak-ng WAV, read the transcript and speakers, export SRT', () => {
  let gw: TestGateway;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let errors: string[];
  let wav: Buffer;
  let lab: AudioLabPage;
  let hub: TestHub;
  let shell: ShellPage;

  beforeAll(async () => {
    wav = twoVoicesWav(tempDir('passerelle-e2e-audio-'));
    hub = await startTestHub({
      repos: presetRepos({
        'onnx-community/pyannote-segmentation-3.0': { 'onnx/model.onnx': Buffer.from(segmentationModel()) },
        'hbredin/wespeaker-voxceleb-resnet34-LM': { 'speaker-embedding.onnx': Buffer.from(embeddingModel()) },
      }).filter((r) => r.id.includes('pyannote') || r.id.includes('wespeaker')),
      tokens: { hf_e2e_operator: { user: 'operator', access: ['pyannote/speaker-diarization-3.1'] } },
    });
    gw = await startTestGateway({ FRONTEND_DIST: ensureDashboardBuilt(), HF_ENDPOINT: hub.url, HUGGINGFACE_TOKEN: 'hf_e2e_operator' });
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    errors = watchPageErrors(page);
    shell = new ShellPage(page, gw.url);
    await shell.open('/');
    await shell.signIn(gw.token);
    await shell.goTo('Audio lab');
    lab = new AudioLabPage(page);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await hub?.close();
  });

  it('says so when the gateway has no transcription engine', async () => {
    await lab.drop('two-voices.wav', wav);
    await page.getByText('File: two-voices.wav').waitFor();
    await lab.transcribe();
    expect(await page.getByRole('alert').textContent()).toContain('No transcription engine is available');
  });

  it('says which model to download when diarization is asked before pyannote is there', async () => {
    gw.deps.transcription = new FakeTranscriptionService();
    await lab.enableDiarization();
    await lab.transcribe();
    expect(await page.getByRole('alert').textContent()).toContain('Model "pyannote" is not downloaded');
  });

  it('shows segments with times and two speakers, the waveform, the timings, and exports the SRT the gateway writes', async () => {
    await shell.goTo('Models');
    const models = new ModelsPage(page);
    await models.download('pyannote');
    await models.waitForCache('pyannote', 'complete');
    await page.getByRole('button', { name: 'Load pyannote', exact: true }).click();
    await models.waitForRuntime('pyannote', 'loaded');
    await shell.goTo('Audio lab');
    await lab.transcribe();
    expect(await page.getByRole('alert').count(), (await page.locator('main').textContent()) ?? '').toBe(0);
    expect(await lab.segments()).toEqual(['Sentence number 1.', 'Sentence number 2.']);
    const speakers = await lab.speakers();
    expect(speakers).toHaveLength(2);
    expect(new Set(speakers).size).toBe(2);
    expect(await page.getByTestId('run-stats').textContent()).toMatch(/Audio \d+\.\d\d s · processing \d+\.\d\d s · real-time factor \d/);
    await page.getByTestId('waveform').waitFor();
    await screenshot(page, '24-audio-lab');
    // A click on the second segment plays its span: the player jumps to its start.
    await page.getByRole('button', { name: /^Play 00:00:04/ }).click();
    const at = await page.getByLabel('Audio player').evaluate((a) => (a as unknown as { currentTime: number }).currentTime);
    expect(at).toBeGreaterThanOrEqual(4);
    expect(at).toBeLessThan(5);

    const srt = await lab.export('SRT');
    expect(srt.name).toBe('two-voices.srt');
    const form = new FormData();
    form.append('file', new Blob([wav], { type: 'audio/wav' }), 'two-voices.wav');
    for (const [k, v] of Object.entries({ model: 'canary', response_format: 'srt', diarization_model: 'pyannote' })) form.append(k, v);
    const fromGateway = await (await fetch(`${gw.url}/v1/audio/transcriptions`, { method: 'POST', body: form, headers: { authorization: `Bearer ${gw.token}` } })).text();
    expect(srt.text).toBe(fromGateway);
    expect(srt.text).toMatch(new RegExp(`^1\\n00:00:00,\\d{3} --> 00:00:0\\d,\\d{3}\\n\\[${speakers[0]}\\] Sentence number 1\\.\\n\\n2\\n`));
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

  it('refuses a file that is not audio with the gateway\'s words', async () => {
    await lab.drop('notes.wav', Buffer.from('this is not audio at all'));
    await lab.transcribe();
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain('Unsupported file');
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
