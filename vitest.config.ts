/**
 * One Vitest run over every package (`pnpm test`): tests import workspace packages from
 * source, so no build is needed to test. `VITEST_JSON=path` also writes a JSON report (CI).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const alias = {
  '@tensorloom/core/testing': src('./packages/core/src/testing/index.ts'),
  '@tensorloom/core': src('./packages/core/src/index.ts'),
  '@tensorloom/backend-cpu': src('./packages/backend-cpu/src/index.ts'),
};

const json = process.env.VITEST_JSON;

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: json ? ['default', 'json'] : ['default'],
    outputFile: json ? { json } : undefined,
    projects: [
      { resolve: { alias }, test: { name: 'core', root: src('./packages/core'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000 } },
      { resolve: { alias }, test: { name: 'backend-cpu', root: src('./packages/backend-cpu'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000 } },
    ],
  },
});
