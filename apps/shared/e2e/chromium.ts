/**
 * Headless Chromium for the apps' end-to-end tests: Debian's /usr/bin/chromium (or
 * $CHROMIUM_PATH), never a browser that a tool downloads, with SwiftShader's WebGL2 and WebGPU
 * (the flags of shared/TESTING.md).
 */
import { chromium, type Browser } from 'playwright';

/** Root-safe, quiet, and with WebGPU on SwiftShader (`navigator.gpu` is null without the last two). */
export const CHROMIUM_ARGS: readonly string[] = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'];

/**
 * Launches headless Chromium with `CHROMIUM_ARGS` and `extraArgs` (e.g. a fake microphone's).
 *
 * @example
 * const browser = await launchChromium(['--use-fake-device-for-media-stream']);
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}
