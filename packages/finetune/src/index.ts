/**
 * @tensorloom/finetune: the fine-tuning toolkit: Trainer (fit / evaluate / predict), callbacks
 * (History, EarlyStopping, ModelCheckpoint, ProgressBar, LRLogger), checkpoints in
 * safetensors, and a Keras-style face (`keras.Sequential`, `keras.layers.*`). Browser-safe:
 * Node's fs is only imported lazily, when a file is saved or loaded.
 *
 * @example
 * import { Trainer, ProgressBar } from '@tensorloom/finetune';
 * const trainer = new Trainer({ model, optimizer, loss: crossEntropy, metrics: ['accuracy'], callbacks: [new ProgressBar()] });
 * const history = await trainer.fit({ train: loader, val: valLoader, epochs: 5 });
 */
export { readSafetensors, type ReadSafetensorsOptions, type SafetensorsContents, type StoredTensor } from './safetensors/read.js';
export { writeSafetensors, tensorsToSafetensors, type HostTensor } from './safetensors/write.js';
export type { SafetensorsDType } from './safetensors/format.js';

export { Trainer, DEFAULT_LOG_EVERY, type TrainerOptions, type FitOptions, type TrainableModel } from './trainer/trainer.js';
export type {
  Batch, BatchLike, TensorRecord, BatchSource, LossFn, LossOutput, StepOutput, MetricFn, MetricValue, MetricSum, MetricsSpec, SchedulerLike,
  BatchEndEvent, EpochEndEvent, TrainEndEvent, TrainerEvents, Callback,
} from './trainer/types.js';
export { accuracyOf, accuracySum } from './trainer/metrics.js';
export { History } from './callbacks/history.js';
export { EarlyStopping, type EarlyStoppingOptions } from './callbacks/early_stopping.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './callbacks/model_checkpoint.js';
export { ProgressBar, formatNumber, formatDuration, type ProgressBarOptions, type ProgressStream } from './callbacks/progress_bar.js';
export { LRLogger, type LRLoggerOptions } from './callbacks/lr_logger.js';
export { monitored, type MonitorMode } from './callbacks/monitor.js';
export {
  checkpointToBytes, checkpointFromBytes, CHECKPOINT_FORMAT,
  type CheckpointState, type CheckpointTargets, type LoadedCheckpoint, type CheckpointModel,
} from './checkpoint/codec.js';
export { saveCheckpoint, loadCheckpoint, writeBytesAtomic, type WriteBytes } from './checkpoint/file.js';
export * as keras from './keras/index.js';

export { loadPretrained, loadPretrainedContents, type LoadPretrainedOptions, type PretrainedReport, type ShapeMismatch } from './pretrained/load_pretrained.js';
export type { PretrainedSource, UrlLike, FetchLike, FetchedBytes } from './pretrained/source.js';
export type { RenameRule } from './pretrained/rename.js';
export { nameMatcher, globToRegExp, type NamePatterns } from './name_patterns.js';
export { freeze, unfreeze, isStatsFrozen } from './freeze.js';
export { replaceHead, type ReplaceHeadOptions } from './heads.js';
export { trainableSummary, type TrainableRow, type TrainableSummary } from './trainable_summary.js';
export { paramGroups, layerwiseDecay, layerNames, type GroupRule, type NamedParamGroup, type ParamGroupsOptions, type LayerwiseDecayOptions } from './param_groups.js';
export { GradualUnfreezing, type GradualUnfreezingOptions } from './gradual_unfreezing.js';
export { LoraLinear, type LoraLinearOptions } from './lora/lora_linear.js';
export { applyLora, mergeLora, unmergeLora, loraLayers, isLoraName, type LoraConfig, type LoraResult, type LoraLayer } from './lora/apply_lora.js';
export { saveLoraAdapters, loadLoraAdapters, PEFT_PREFIX } from './lora/adapters_io.js';
export { cacheFeatures, CachedFeatures, type CacheFeaturesOptions } from './cached_features.js';
export {
  calibrateTemperature, fitTemperature, calibrationMetrics, collectLogits,
  type CalibrationResult, type CalibrationMetrics, type ReliabilityBin, type CalibrateOptions,
} from './calibration.js';
export { crossEntropyLoss, type CrossEntropyConfig } from './cross_entropy_loss.js';
export { OnnxModule, type OnnxModuleOptions } from './onnx/onnx_module.js';
export { LoraMultiheadAttention, ATTENTION_PROJECTIONS, type AttentionProjection } from './lora/lora_attention.js';
