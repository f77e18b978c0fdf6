import type { Page } from 'playwright-core';

export class KeysPage {
  constructor(readonly page: Page) {}

  /** Creates a key and returns the secret the page shows once. */
  async createKey(name: string): Promise<string> {
    await this.page.getByLabel('Key name').fill(name);
    await this.page.getByRole('button', { name: 'Create key' }).click();
    const secret = this.page.getByTestId('created-key');
    await secret.waitFor();
    return (await secret.textContent()) ?? '';
  }

  async dismissSecret(): Promise<void> {
    await this.page.getByRole('button', { name: 'I have saved it' }).click();
  }

  row(name: string) {
    return this.page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: name });
  }

  async revoke(name: string): Promise<void> {
    this.page.once('dialog', (d) => void d.accept());
    await this.page.getByRole('button', { name: `Revoke key ${name}` }).click();
    await this.row(name).waitFor({ state: 'detached' });
  }
}
