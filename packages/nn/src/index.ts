/**
 * @tensorloom/nn: Module and Parameter, layers, activations, losses, init, optimizers,
 * LR schedules and metrics, with PyTorch's names (camelCase) and state-dict keys.
 * Importing it registers nothing.
 *
 * @example
 * import { Sequential, Linear, ReLU, CrossEntropyLoss, SGD } from '@tensorloom/nn';
 * const model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const loss = new CrossEntropyLoss().forward(model.forward(x), y);
 * loss.backward(); opt.step(); opt.zeroGrad();
 */
export { Parameter, type ParameterOptions } from './parameter.js';
export { Module, type AnyModule, type StateDict, type LoadStateDictOptions, type LoadStateDictResult } from './module.js';
export { summary, formatParamCount } from './summary.js';
export { Sequential, ModuleList, ModuleDict, type TensorModule } from './containers.js';
export * as init from './init.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { Conv2d, type Conv2dLayerOptions } from './layers/conv2d.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, type PoolLayerOptions } from './layers/pooling.js';
export { Flatten, Identity } from './layers/flatten.js';
export { Dropout, dropout } from './layers/dropout.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './layers/batchnorm.js';
export { LayerNorm, type LayerNormOptions } from './layers/layernorm.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding.js';
export { ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax } from './layers/activations.js';
export { softmaxWithTemperature, logSoftmaxWithTemperature } from './softmax_temperature.js';
export {
  crossEntropy, nllLoss, binaryCrossEntropyWithLogits, binaryCrossEntropy, mseLoss, l1Loss, huberLoss, smoothL1Loss, klDiv,
  type Reduction, type NllOptions, type BceOptions, type BceWithLogitsOptions, type KlDivOptions,
} from './losses/functional.js';
export * from './losses/modules.js';
export { Optimizer, type ParamGroup, type ParamGroupInput, type ParamState, type OptimizerStateDict, type BaseOptions } from './optim/optimizer.js';
export { SGD, type SGDOptions } from './optim/sgd.js';
export { Adam, AdamW, type AdamOptions } from './optim/adam.js';
export { RMSprop, type RMSpropOptions } from './optim/rmsprop.js';
export { Adagrad, type AdagradOptions } from './optim/adagrad.js';
export { clipGradNorm, clipGradValue } from './optim/clip.js';
export { LRScheduler, type SchedulerStateDict } from './optim/lr_scheduler.js';
export { StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR, WarmupCosineLR, type WarmupCosineOptions } from './optim/schedules.js';
export { OneCycleLR, type OneCycleOptions } from './optim/one_cycle.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './optim/reduce_on_plateau.js';
export * from './metrics.js';
export { LSTM, GRU, type RNNOptions } from './layers/rnn.js';
export { MultiheadAttention, type MultiheadAttentionOptions, type AttentionCallOptions } from './layers/attention.js';
export { MixtureOfSoftmaxes } from './layers/mixture_of_softmaxes.js';
export { chunkedCrossEntropy, type ChunkedCrossEntropyOptions } from './losses/chunked_cross_entropy.js';
