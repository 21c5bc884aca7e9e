/**
 * @tensorloom/data: datasets, loaders, splits, image transforms, MNIST (IDX) parsing; text
 * (tokenizer, Vocab, padding, length-bucketed batching, pretrained word vectors) and audio (WAV,
 * resampling, spectrograms, mel features).
 * Browser-safe: no Node built-ins here (file loading lives in `@tensorloom/data/node`).
 * Importing it has no side effects.
 *
 * @example
 * import { tensor, arange, setBackend } from '@tensorloom/core';
 * import { registerCpuBackend } from '@tensorloom/backend-cpu';
 * import { TensorDataset, DataLoader } from '@tensorloom/data';
 * registerCpuBackend();
 * await setBackend('cpu');
 * const ds = new TensorDataset(arange(10).reshape([5, 2]), arange(5));
 * for (const [x, y] of new DataLoader(ds, { batchSize: 2, shuffle: true, seed: 0, autoDispose: true })) {
 *   console.log(x.shape, await y.data());
 * }
 */
export { type Dataset, type Collated, mapDataset } from './dataset.js';
export { TensorDataset } from './tensor_dataset.js';
export { Subset, subset, type SubsetOptions } from './subset.js';
export { randomSplit, type RandomSplitOptions } from './random_split.js';
export { defaultCollate, disposeBatch } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './data_loader.js';
export { SeededRandom } from './random.js';
export { ImageBytesDataset, type ImageBytesOptions, type PixelScaling } from './image_bytes_dataset.js';
export { type Transform, compose } from './transforms/transform.js';
export { normalize } from './transforms/normalize.js';
export { shift, randomShift, type RandomShiftOptions } from './transforms/shift.js';
export { rotate, randomRotation, type RotateOptions, type RandomRotationOptions } from './transforms/rotation.js';
export type { Interpolation } from './transforms/affine_sample.js';
export { parseIdx, parseIdxImages, parseIdxLabels, idxDeclaredSize, isGzip, type IdxArray, type IdxImages } from './mnist/idx.js';
export { gunzip, gunzipIdx, GUNZIP_MAX_OUTPUT_BYTES, IDX_MAX_BYTES, type GunzipOptions, type IdxReadOptions } from './mnist/gunzip.js';
export {
  MNIST_MEAN, MNIST_STD, mnistFromBuffers, fetchMnist, mnistImagesTensor, mnistLabelsTensor, mnistDataset,
  type MnistData, type FetchMnistOptions, type FetchedFile, type UrlLike, type MnistTensorOptions,
} from './mnist/mnist.js';
export {
  tokenize, tokenizeWithSpans, URL_TOKEN, EMAIL_TOKEN, NUMBER_TOKEN,
  type TokenizeOptions, type TokenSpan, type TokenKind, type SpecialTokenMode,
} from './text/tokenizer.js';
export { Vocab, PAD_TOKEN, UNK_TOKEN, VOCAB_FORMAT, type VocabBuildOptions, type VocabJSON } from './text/vocab.js';
export { padSequences, type PadOptions, type PaddedBatch } from './text/encode.js';
export { BucketSampler, type BucketSamplerOptions } from './text/bucket_sampler.js';
export {
  parseWordVectors, wordVectorsFromJson, embeddingMatrix,
  type WordVectors, type ParseWordVectorsOptions, type EmbeddingCoverage, type EmbeddingMatrixOptions,
} from './text/word_vectors.js';
export { decodeWav, encodeWav, toMono, type AudioData, type DecodeWavOptions, type EncodeWavOptions } from './audio/wav.js';
export { resample, type ResampleOptions } from './audio/resample.js';
export { hannWindow } from './audio/window.js';
export { spectrogram, frameSignal, type Spectrogram, type StftOptions } from './audio/spectrogram.js';
export { timeShift, addNoise, specAugment, type SpecAugmentOptions } from './audio/augment.js';
export { melFilterbank, hzToMel, melToHz, type MelScale, type MelFilterbankOptions } from './audio/mel.js';
export {
  melSpectrogram, powerToDb, logMelSpectrogram, mfcc,
  type MelSpectrogramOptions, type PowerToDbOptions, type MfccOptions,
} from './audio/features.js';
