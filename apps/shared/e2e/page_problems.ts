/** What went wrong in a test's page: its uncaught errors and console errors (a passing run has none). */
import type { Page } from 'playwright';

/**
 * Appends each page error and console error of `page` to `problems`, prefixed by `label`.
 *
 * @example
 * const problems: string[] = [];
 * recordProblems(page, problems);
 * // … drive the page …
 * expect(problems).toEqual([]);
 */
export function recordProblems(page: Page, problems: string[], label = ''): void {
  const at = label ? ` (${label})` : '';
  page.on('pageerror', (e) => problems.push(`pageerror${at}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console${at}: ${m.text()}`); });
}
