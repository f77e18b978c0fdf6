import type { Page } from 'playwright-core';

export class GpusPage {
  constructor(readonly page: Page) {}

  cards() {
    return this.page.locator('[data-testid^="gpu-card-"]');
  }

  /** The pixels of one GPU's chart, to tell whether it moved. */
  async chartPixels(index: number): Promise<string> {
    return this.page.getByTestId(`gpu-chart-${index}`).locator('canvas').first().evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
  }

  async chooseWindow(minutes: number): Promise<void> {
    await this.page.getByRole('radio', { name: `${minutes} min` }).check();
  }
}
