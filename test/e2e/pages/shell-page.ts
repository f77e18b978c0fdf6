import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** The dashboard's frame: the token gate, the navigation, the API key dialog. */
export class ShellPage {
  constructor(readonly page: Page, readonly baseUrl: string) {}

  async open(path = '/'): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
  }

  async signIn(token: string): Promise<void> {
    await this.page.getByLabel('Admin token').fill(token);
    await this.page.getByRole('button', { name: 'Connect' }).click();
    await this.page.getByRole('navigation', { name: 'Pages' }).waitFor();
  }

  async goTo(title: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: title, exact: true }).click();
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  async expectLiveConnected(): Promise<void> {
    await this.page.getByText('live connected').waitFor();
    expect(await this.page.getByText('live connected').isVisible()).toBe(true);
  }
}
