import type { Page } from 'playwright-core';

export class ModelsPage {
  constructor(readonly page: Page) {}

  card(key: string) {
    return this.page.getByTestId(`model-${key}`);
  }

  async download(key: string): Promise<void> {
    await this.page.getByRole('button', { name: `Download ${key}`, exact: true }).click();
  }

  /** Waits for the progress panel and returns the bytes line it showed ("12 KiB / 99 KiB"). */
  async progressText(key: string): Promise<string> {
    const bytes = this.card(key).getByTestId('download-bytes');
    await bytes.waitFor();
    return (await bytes.textContent()) ?? '';
  }

  async waitForCache(key: string, state: 'absent' | 'partial' | 'complete'): Promise<void> {
    await this.card(key).getByTestId('cache-state').filter({ hasText: `cache ${state}` }).waitFor({ timeout: 30_000 });
  }

  async chooseGpu(key: string, index: number): Promise<void> {
    await this.page.getByRole('checkbox', { name: `GPU ${index} for ${key}` }).check();
  }

  async preflightText(key: string): Promise<string> {
    const verdict = this.card(key).getByTestId('preflight');
    await verdict.waitFor();
    return (await verdict.textContent()) ?? '';
  }

  async load(key: string, gpu: number): Promise<void> {
    await this.page.getByRole('button', { name: `Load ${key} on GPU ${gpu}`, exact: true }).click();
  }

  async waitForRuntime(key: string, text: string): Promise<void> {
    await this.card(key).getByTestId('runtime-state').filter({ hasText: text }).waitFor({ timeout: 30_000 });
  }

  /** Purges the cache, accepting the confirmation the page asks for. */
  async purge(key: string): Promise<string> {
    let question = '';
    this.page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await this.page.getByRole('button', { name: `Purge the cache of ${key}` }).click();
    await this.waitForCache(key, 'absent');
    return question;
  }
}
