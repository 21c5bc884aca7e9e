import { packageConfig } from '../../tsup.base.js';

export default packageConfig({ index: 'src/index.ts', node: 'src/node.ts' }, ['@tensorloom/core', 'fft.js']);
