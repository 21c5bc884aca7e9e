/** Waiting, in an app's e2e test, for the page's training worker to start (the Train button turns on). */
import type { Page } from 'playwright';

/**
 * Resolves once the worker has posted `ready`, with the backends the page's picker offers.
 *
 * @example
 * await page.goto(url);
 * expect(await waitForWorker(page)).toContain('cpu');
 */
export async function waitForWorker(page: Page, timeout = 120_000): Promise<string[]> {
  await page.waitForSelector('#train:not([disabled])', { timeout });
  return page.$$eval('#backend option', (options) => options.map((o) => (o as HTMLOptionElement).value));
}
