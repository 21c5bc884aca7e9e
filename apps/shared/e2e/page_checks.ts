/**
 * Checks the app e2e tests make on a page and its files: that the page stays responsive while
 * its worker trains, and the JSON header of a downloaded .safetensors file.
 */
import type { Page } from 'playwright';

/**
 * Milliseconds until the page's next animation frame: small while the main thread is free
 * (training runs in the worker), large when something blocks it.
 *
 * @example
 * expect(await frameDelay(page)).toBeLessThan(1000);
 */
export function frameDelay(page: Page): Promise<number> {
  return page.evaluate(() => { const t = performance.now(); return new Promise<number>((r) => requestAnimationFrame(() => r(performance.now() - t))); });
}

/**
 * The JSON header of safetensors `bytes` (an 8-byte little-endian length, then that much JSON).
 *
 * @example
 * expect(Object.keys(safetensorsHeader(bytes))).toContain('0.weight');
 */
export function safetensorsHeader(bytes: Uint8Array): Record<string, unknown> {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<string, unknown>;
}
