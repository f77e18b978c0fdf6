import type { Page } from 'playwright-core';

export class PlaygroundPage {
  constructor(readonly page: Page) {}

  async send(text: string): Promise<void> {
    await this.page.getByLabel('Message').fill(text);
    await this.page.getByRole('button', { name: 'Send' }).click();
  }

  lastAnswer() {
    return this.page.locator('[data-role="assistant"]').last();
  }

  async waitUntilDone(): Promise<void> {
    await this.page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 30_000 });
  }

  async tokensPerSecond(): Promise<string> {
    return (await this.page.getByTestId('tokens-per-second').textContent()) ?? '';
  }
}
