// TF's `tf.saved_model` constants (saved_model/constants.py, signature_constants.py, tag_constants.py).
export const SAVED_MODEL_FILENAME_PB = 'saved_model.pb';
export const SAVED_MODEL_FILENAME_PBTXT = 'saved_model.pbtxt';
export const SAVED_MODEL_SCHEMA_VERSION = 1;
export const VARIABLES_DIRECTORY = 'variables';
export const VARIABLES_FILENAME = 'variables';
export const ASSETS_DIRECTORY = 'assets';
export const ASSETS_KEY = 'saved_model_assets';
export const MAIN_OP_KEY = 'saved_model_main_op';
export const LEGACY_INIT_OP_KEY = 'legacy_init_op';

export const tagConstants = { SERVING: 'serve', TRAINING: 'train', GPU: 'gpu', TPU: 'tpu' } as const;

export const signatureConstants = {
  DEFAULT_SERVING_SIGNATURE_DEF_KEY: 'serving_default',
  PREDICT_METHOD_NAME: 'tensorflow/serving/predict',
  CLASSIFY_METHOD_NAME: 'tensorflow/serving/classify',
  REGRESS_METHOD_NAME: 'tensorflow/serving/regress',
  PREDICT_INPUTS: 'inputs',
  PREDICT_OUTPUTS: 'outputs',
} as const;
