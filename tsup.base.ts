/**
 * The one tsup setup every package builds with: ESM + .d.ts + source maps for ES2022, with the
 * package's dependencies left external. Each package's tsup.config.ts names its entries
 * (and, rarely, options of its own, such as a banner for its .d.ts).
 */
import { defineConfig, type Options } from 'tsup';

export function packageConfig(entry: Record<string, string>, external: NonNullable<Options['external']>, own: Partial<Options> = {}) {
  return defineConfig({ entry, external, format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'es2022', ...own });
}
