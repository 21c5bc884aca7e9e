/** Setting an app page's form fields in an e2e test: a select gets its option, an input its text. */
import type { Page } from 'playwright';

/**
 * Sets each field `#id` to its value, in order.
 *
 * @example
 * await fillForm(page, { backend: 'cpu', 'train-size': '1000', epochs: '1' });
 * await page.click('#train');
 */
export async function fillForm(page: Page, fields: Readonly<Record<string, string>>): Promise<void> {
  for (const [id, value] of Object.entries(fields)) {
    const tag = await page.$eval(`#${id}`, (el) => el.tagName);
    if (tag === 'SELECT') await page.selectOption(`#${id}`, value);
    else await page.fill(`#${id}`, value);
  }
}
