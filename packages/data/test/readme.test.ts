/**
 * The README's first example runs as written (extracted and imported through the same aliases).
 * (test/packaging runs every README example from the npm-installed tarballs too.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { memory } from '@tensorloom/core';

describe('README', () => {
  it('the example runs, prints its numbers and leaks nothing', async () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const code = /## Example\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeTruthy();
    const dir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.readme-'));
    const file = join(dir, 'example.ts');
    writeFileSync(file, code!);
    const before = memory().numTensors;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ file);
      expect(log).toHaveBeenCalledWith(3, 20, '64 64 52 64 64 52');
      expect(memory().numTensors).toBe(before); // autoDispose and tidy left nothing behind
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
