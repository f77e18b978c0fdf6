import type { Page } from 'playwright-core';

export class AudioLabPage {
  constructor(readonly page: Page) {}

  /** Drops a file on the drop zone, as a user dragging it from the desktop. */
  async drop(name: string, buffer: Buffer, mimeType = 'audio/wav'): Promise<void> {
    await this.page.getByTestId('dropzone').drop({ files: { name, mimeType, buffer } });
  }

  async enableDiarization(): Promise<void> {
    await this.page.getByLabel('Diarization (who spoke when)').check();
  }

  async transcribe(): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Transcribe' });
    await button.click();
    // The button gives way to Cancel while the run lasts; once it is back, the run has ended.
    await button.waitFor({ timeout: 30_000 });
    await this.page.getByTestId('run-stats').or(this.page.getByRole('alert')).first().waitFor({ timeout: 30_000 });
  }

  async segments(): Promise<string[]> {
    return this.page.getByTestId('segment-text').allTextContents();
  }

  async speakers(): Promise<string[]> {
    return this.page.getByTestId('speaker-chip').allTextContents();
  }

  /** Clicks an export button and returns the downloaded file's text and name. */
  async export(format: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: `Export ${format}` }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }
}
