import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['@tensorloom/core', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgl'],
});
