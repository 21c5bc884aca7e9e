/**
 * ONNX backend-test cases that use only supported op types but are out of scope, each with its
 * reason. (Cases that use an unsupported op type are out of scope by that op; the test lists them.)
 */
const BFLOAT16_STRING = 'bfloat16 and string tensors: Tensorloom holds float32, int32 and bool only';
const TRAINING_DROPOUT = 'training-mode Dropout draws random masks (NumPy’s generator); Dropout is supported for inference';

export const OUT_OF_SCOPE: Readonly<Record<string, string>> = {
  'node/test_batchnorm_epsilon_training_mode': 'BatchNormalization training_mode=1 (batch statistics): inference only, as the issue scopes it',
  'node/test_batchnorm_example_training_mode': 'BatchNormalization training_mode=1 (batch statistics): inference only, as the issue scopes it',
  'node/test_cast_BFLOAT16_to_FLOAT': BFLOAT16_STRING,
  'node/test_cast_FLOAT_to_BFLOAT16': BFLOAT16_STRING,
  'node/test_cast_FLOAT_to_STRING': BFLOAT16_STRING,
  'node/test_cast_STRING_to_FLOAT': BFLOAT16_STRING,
  'node/test_castlike_BFLOAT16_to_FLOAT': BFLOAT16_STRING,
  'node/test_castlike_FLOAT_to_BFLOAT16': BFLOAT16_STRING,
  'node/test_castlike_FLOAT_to_STRING': BFLOAT16_STRING,
  'node/test_castlike_STRING_to_FLOAT': BFLOAT16_STRING,
  'node/test_castlike_BFLOAT16_to_FLOAT_expanded': BFLOAT16_STRING,
  'node/test_castlike_FLOAT_to_BFLOAT16_expanded': BFLOAT16_STRING,
  'node/test_castlike_FLOAT_to_STRING_expanded': BFLOAT16_STRING,
  'node/test_castlike_STRING_to_FLOAT_expanded': BFLOAT16_STRING,
  'node/test_convtranspose_3d': '3-D ConvTranspose: ConvTranspose is supported in 1-D and 2-D (Conv in 1-D to 3-D)',
  'node/test_identity_opt': 'optional-typed graph values: only tensors are supported',
  'node/test_identity_sequence': 'sequence-typed graph values: only tensors are supported',
  'node/test_maxpool_with_argmax_2d_precomputed_pads': 'MaxPool’s Indices output (flat argmax positions) is not supported',
  'node/test_maxpool_with_argmax_2d_precomputed_strides': 'MaxPool’s Indices output (flat argmax positions) is not supported',
  'node/test_training_dropout': TRAINING_DROPOUT,
  'node/test_training_dropout_default': TRAINING_DROPOUT,
  'node/test_training_dropout_default_mask': TRAINING_DROPOUT,
  'node/test_training_dropout_mask': TRAINING_DROPOUT,
};
