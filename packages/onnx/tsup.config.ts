import { packageConfig } from '../../tsup.base.js';

// onnx-proto's declarations (reached through the graph-builder exports) use the global `Long` of
// @types/long, a dependency of this package: the reference lets them compile with `"types": []`.
export default packageConfig({ index: 'src/index.ts' }, ['@tensorloom/core'], { dts: { banner: '/// <reference types="long" />' } });
