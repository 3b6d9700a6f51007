// `savedModel`: TF 1.x's `tf.saved_model` (loader.load, builder) for TensorFlow Serving's layout.
export {
  load,
  readSavedModel,
  type LoadedMetaGraph,
  type LoadedSignature,
  type SavedModelLoadOptions,
  type SignatureTensor,
} from './load.js';
export { save, type SavedModelSaveOptions } from './save.js';
export { buildSignatureDef, tensorInfo, type SignatureSpec } from './signature.js';
export { signatureConstants, tagConstants } from './constants.js';
