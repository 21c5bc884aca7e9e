/**
 * Comparing backends in an app's e2e test: train from a fresh page on one backend, collect the
 * first losses the page shows (every value its loss element's `data-loss` takes, in order), stop,
 * and check that another backend's losses are finite and follow the same steps on `cpu`
 * (`againstCpu`: the CPU run once, then each backend's test in one call).
 */
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright';
import { fillForm } from './fill_form.js';
import { recordProblems } from './page_problems.js';
import { waitForWorker } from './wait_for_worker.js';

/** What a run of {@link firstLosses} sets and waits for. */
export interface LossRunOptions {
  /** The form fields besides `backend`, set in order (see fillForm). */
  fields: Readonly<Record<string, string>>;
  /** How many losses to collect before pressing Stop. */
  steps: number;
  /** A selector that matches once the stopped run is over (its scoring included). */
  done: string;
  /** The element whose `data-loss` the page sets for each batch (default `#speed`, the shared training panel's). */
  lossAt?: string;
  /** Where the fresh page's errors go (prefixed by the backend's name). */
  problems?: string[];
  /** More checks on the page once `done` matches. */
  after?: (page: Page) => Promise<void>;
  /** Milliseconds to wait for the losses, and again for `done` (default 120,000). */
  timeout?: number;
}

/** The first losses of a run and the URLs its page and workers fetched. */
export interface LossRun { losses: number[]; fetched: string[] }

/**
 * Trains from a fresh page of `url` on `backend`, stops once `steps` losses are shown, waits for
 * `done`, and returns those losses.
 *
 * @example
 * const { losses } = await firstLosses(browser, url, 'webgpu', { fields: { epochs: '1', 'batch-size': '8' }, steps: 10, done: '#test-accuracy[data-accuracy]' });
 */
export async function firstLosses(browser: Browser, url: string, backend: string, options: LossRunOptions): Promise<LossRun> {
  const { steps, timeout = 120_000 } = options;
  const context = await browser.newContext();
  const fetched: string[] = [];
  context.on('request', (r) => fetched.push(r.url()));
  try {
    const page = await context.newPage();
    if (options.problems) recordProblems(page, options.problems, backend);
    await page.goto(url);
    await waitForWorker(page);
    await fillForm(page, { backend, ...options.fields });
    // Every value data-loss takes, in order (a record's old value is the one before it).
    await page.evaluate((selector) => {
      const el = document.querySelector<HTMLElement>(selector);
      if (!el) throw new Error(`no ${selector} on the page`);
      const seen: number[] = [];
      (window as unknown as { losses: number[] }).losses = seen;
      new MutationObserver((records) => {
        records.forEach((r, i) => seen.push(Number(i + 1 < records.length ? records[i + 1].oldValue : el.dataset.loss)));
      }).observe(el, { attributes: true, attributeFilter: ['data-loss'], attributeOldValue: true });
    }, options.lossAt ?? '#speed');
    await page.click('#train');
    await page.waitForFunction((n) => (window as unknown as { losses: number[] }).losses.length >= n, steps, { timeout });
    await page.click('#stop');
    await page.waitForSelector(options.done, { timeout });
    await options.after?.(page);
    const losses = await page.evaluate(() => (window as unknown as { losses: number[] }).losses);
    return { losses: losses.slice(0, steps), fetched };
  } finally {
    await context.close();
  }
}

/**
 * Asserts that `got` has `want`'s length, is finite, follows `want` within `tol` (and, with
 * `falling`, ends below where it starts); returns the largest difference.
 *
 * @example
 * const worst = followsLosses(webgpu.losses, cpu.losses, 1e-3);
 */
export function followsLosses(got: number[], want: number[], tol: number, options: { falling?: boolean } = {}): number {
  expect(want.length).toBeGreaterThan(0);
  expect(got).toHaveLength(want.length);
  expect(want.every(Number.isFinite), `reference losses ${want}`).toBe(true);
  expect(got.every(Number.isFinite), `losses ${got}`).toBe(true);
  if (options.falling) expect(got[got.length - 1]).toBeLessThan(got[0]);
  const worst = Math.max(...got.map((v, i) => Math.abs(v - want[i])));
  expect(worst, `largest difference ${worst}: ${got} vs ${want}`).toBeLessThanOrEqual(tol);
  return worst;
}

/** What {@link againstCpu} returns: the CPU reference, and a backend's run checked against it. */
export interface CpuComparison {
  /** The CPU run's losses (run on the first call, then reused). */
  cpuLosses(): Promise<number[]>;
  /**
   * Runs `backend`, checks with {@link followsLosses} that its losses follow the CPU's within
   * `tol`, logs the largest difference and, on `onnx`, checks that the page fetched
   * onnxruntime-web's glue and binary from `ort/`. Returns the run.
   */
  follows(backend: string, tol: number, options?: { falling?: boolean }): Promise<LossRun>;
}

/**
 * Compares an app's backends with its CPU backend: `run` is the app's run of {@link firstLosses}
 * on a backend (its form fields, steps and checks); the CPU run is made once, when first needed.
 *
 * @example
 * const backends = againstCpu((backend) => firstLosses(browser, url, backend, { fields, steps: 10, done: '#test-accuracy[data-accuracy]' }));
 * test('trains on webgpu and follows the CPU losses', async () => { await backends.follows('webgpu', 1e-3); });
 */
export function againstCpu(run: (backend: string) => Promise<LossRun>): CpuComparison {
  let cpu: Promise<LossRun> | undefined;
  const cpuLosses = async (): Promise<number[]> => (await (cpu ??= run('cpu'))).losses;
  return {
    cpuLosses,
    async follows(backend, tol, options = {}) {
      const want = await cpuLosses();
      const got = await run(backend);
      const { losses } = got;
      const worst = followsLosses(losses, want, tol, options);
      console.log(`${backend} vs cpu, first ${losses.length} losses: ${losses[0].toFixed(4)} → ${losses[losses.length - 1].toFixed(4)}, largest difference ${worst.toExponential(2)}`);
      if (backend === 'onnx') expect(got.fetched.filter((u) => /\/ort\/ort-wasm-simd-threaded\.(mjs|wasm)$/.test(u)).length).toBeGreaterThanOrEqual(2);
      return got;
    },
  };
}
