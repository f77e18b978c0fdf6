import type { Page } from 'playwright-core';

export class EventsPage {
  constructor(readonly page: Page) {}

  table() {
    return this.page.getByRole('table', { name: 'Runtime events' });
  }

  async waitForKind(kind: string, text?: string): Promise<void> {
    const row = this.table().locator(`tr[data-kind="${kind}"]`);
    await (text ? row.filter({ hasText: text }) : row).first().waitFor();
  }

  async search(text: string): Promise<void> {
    await this.page.getByLabel('Search').fill(text);
  }

  async rowCount(): Promise<number> {
    return this.table().locator('tbody tr').count();
  }
}
