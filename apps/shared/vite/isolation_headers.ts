/**
 * The headers that make an app's pages cross-origin isolated (COOP/COEP): SharedArrayBuffer is
 * there, so WebAssembly threads run (the CPU backend's worker pool, onnxruntime-web's threads).
 * The dev and preview servers send them; a plugin's own responses add them too.
 */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } as const;
