/**
 * One Vitest run over every package (`pnpm test`): tests import workspace packages from
 * source, so no build is needed to test. `VITEST_JSON=path` also writes a JSON report (CI).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { onnxCases, onnxFixture } from './packages/onnx/test/helpers/browser_commands.js';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const alias = {
  '@tensorloom/core/testing': src('./packages/core/src/testing/index.ts'),
  '@tensorloom/core': src('./packages/core/src/index.ts'),
  '@tensorloom/backend-cpu': src('./packages/backend-cpu/src/index.ts'),
  '@tensorloom/backend-webgl': src('./packages/backend-webgl/src/index.ts'),
  '@tensorloom/backend-webgpu': src('./packages/backend-webgpu/src/index.ts'),
  '@tensorloom/nn': src('./packages/nn/src/index.ts'),
  '@tensorloom/data/node': src('./packages/data/src/node.ts'),
  '@tensorloom/data': src('./packages/data/src/index.ts'),
  '@tensorloom/finetune/node': src('./packages/finetune/src/node.ts'),
  '@tensorloom/finetune': src('./packages/finetune/src/index.ts'),
  '@tensorloom/onnx': src('./packages/onnx/src/index.ts'),
  '@tensorloom/backend-onnx': src('./packages/backend-onnx/src/index.ts'),
};

const json = process.env.VITEST_JSON;

/** Headless Chromium with SwiftShader (WebGL2/WebGPU without a GPU); see shared/TESTING.md. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'];
const chromium = playwright({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS } });

export default defineConfig({
  resolve: { alias },
  test: {
    // Compiles backend-cpu's WebAssembly kernels if a clean clone has not built them yet.
    globalSetup: [src('./packages/backend-cpu/scripts/vitest_global_setup.ts')],
    reporters: json ? ['default', 'json'] : ['default'],
    outputFile: json ? { json } : undefined,
    projects: [
      { resolve: { alias }, test: { name: 'core', root: src('./packages/core'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000 } },
      { resolve: { alias }, test: { name: 'backend-cpu', root: src('./packages/backend-cpu'), include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000 } },
      // backend-cpu in headless Chromium, not cross-origin isolated (one thread) and isolated (COOP/COEP: the worker pool).
      ...[false, true].map((coi) => ({
        resolve: { alias },
        server: coi ? { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } } : {},
        test: {
          name: coi ? 'backend-cpu-browser-coi' : 'backend-cpu-browser', root: src('./packages/backend-cpu'), include: ['test/**/*.browser.test.ts'], testTimeout: 120_000,
          browser: { enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' as const }], screenshotFailures: false },
        },
      })),
      { resolve: { alias }, test: { name: 'finetune', root: src('./packages/finetune'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000 } },
      { resolve: { alias }, test: { name: 'nn', root: src('./packages/nn'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000 } },
      { resolve: { alias }, test: { name: 'onnx', root: src('./packages/onnx'), include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'], environment: 'node', pool: 'forks', testTimeout: 120_000 } },
      // The ONNX backend on onnxruntime-node (forks: onnxruntime's native threads stay in their own process).
      { resolve: { alias }, test: { name: 'backend-onnx', root: src('./packages/backend-onnx'), include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'], environment: 'node', pool: 'forks', testTimeout: 120_000 } },
      {
        // The ONNX backend on onnxruntime-web (wasm, one thread) in headless Chromium.
        resolve: { alias },
        optimizeDeps: { include: ['onnx-proto'] },
        test: {
          name: 'backend-onnx-browser', root: src('./packages/backend-onnx'), include: ['test/**/*.browser.test.ts'], testTimeout: 120_000,
          browser: { enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' as const }], screenshotFailures: false },
        },
      },
      { resolve: { alias }, test: { name: 'data', root: src('./packages/data'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000 } },
      // The image-classifier app: unit tests and an end-to-end test (vite build + preview, Playwright on headless Chromium).
      { resolve: { alias }, test: { name: 'image-classifier', root: src('./apps/image-classifier'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 600_000, hookTimeout: 180_000 } },
      // The text-classifier app: unit tests and an end-to-end test (vite build + preview, Playwright on headless Chromium).
      { resolve: { alias }, test: { name: 'text-classifier', root: src('./apps/text-classifier'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 600_000, hookTimeout: 240_000 } },
      // Packs every publishable package, installs the tarballs with npm outside the workspace, runs each README's
      // examples there and compiles the published types without DOM/Node (test/packaging/; needs dist/: `pnpm test` builds first).
      { test: { name: 'packaging', root: src('./test/packaging'), include: ['pack_install.test.ts'], environment: 'node', pool: 'forks', testTimeout: 300_000, hookTimeout: 900_000 } },
      // What the example apps share (apps/shared): the HTML partials and the worker helpers, in Node.
      { test: { name: 'apps-shared', root: src('./apps/shared'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks' } },
      // The audio-classifier app: unit tests and an end-to-end test (fake microphone in headless Chromium).
      { resolve: { alias }, test: { name: 'audio-classifier', root: src('./apps/audio-classifier'), include: ['test/**/*.test.ts'], environment: 'node', pool: 'forks', testTimeout: 600_000, hookTimeout: 300_000 } },
      { resolve: { alias }, test: { name: 'backend-webgl-node', root: src('./packages/backend-webgl'), include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'], environment: 'node', pool: 'forks', testTimeout: 60_000 } },
      {
        // @tensorloom/onnx's softmax-family ONNX cases on WebGL; the test data is read in Node by a browser command.
        resolve: { alias },
        optimizeDeps: { include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgl', 'onnx-proto'] },
        test: {
          name: 'onnx-webgl', root: src('./packages/onnx'), include: ['test/**/*.browser.test.ts'], testTimeout: 120_000,
          browser: { enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' }], screenshotFailures: false, commands: { onnxCases, onnxFixture } },
        },
      },
      // WebGPU in Node: Dawn (`webgpu` package) on Chromium's SwiftShader Vulkan driver. The env reaches the
      // Vulkan loader because pool 'forks' sets it in the child process before Dawn starts (threads would not).
      {
        resolve: { alias },
        test: {
          name: 'backend-webgpu', root: src('./packages/backend-webgpu'), include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'],
          environment: 'node', pool: 'forks', testTimeout: 120_000, hookTimeout: 60_000,
          env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'backend-webgpu-browser', root: src('./packages/backend-webgpu'), include: ['test/**/*.browser.test.ts'], testTimeout: 120_000,
          browser: { enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' }], screenshotFailures: false },
        },
      },
      {
        resolve: { alias },
        optimizeDeps: { include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgl'] },
        test: {
          name: 'backend-webgl', root: src('./packages/backend-webgl'), include: ['test/**/*.browser.test.ts'], testTimeout: 120_000,
          browser: { enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' }], screenshotFailures: false },
        },
      },
    ],
  },
});
