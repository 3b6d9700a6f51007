import { Operation, RefVariable, Tensor } from '@tf/graph';
import { shapeProto, tfDataType, type ProtoInit, type SignatureDef, type TensorInfo } from '@tf/graph/proto';
import { signatureConstants } from './constants.js';

/** A signature as a user writes it: named input and output tensors, and TF's method name. */
export interface SignatureSpec {
  readonly inputs: { readonly [name: string]: Tensor | RefVariable };
  readonly outputs: { readonly [name: string]: Tensor | RefVariable };
  /** Default `tensorflow/serving/predict`. */
  readonly methodName?: string;
}

/** TF's `build_tensor_info`: the tensor's name, dtype and (possibly partial) shape. */
export function tensorInfo(value: Tensor | RefVariable): ProtoInit<TensorInfo> {
  const t = value instanceof RefVariable ? value.value() : value;
  if (!(t instanceof Tensor))
    throw new TypeError(`A signature maps names to tensors; got ${value instanceof Operation ? `operation ${value.name}` : String(value)}`);
  return { name: t.name, dtype: tfDataType(t.dtype), tensorShape: shapeProto(t.shape) };
}

/** TF's `build_signature_def`. */
export function buildSignatureDef(spec: SignatureSpec): ProtoInit<SignatureDef> {
  const map = (m: SignatureSpec['inputs']) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, tensorInfo(v)]));
  return { inputs: map(spec.inputs), outputs: map(spec.outputs), methodName: spec.methodName ?? signatureConstants.PREDICT_METHOD_NAME };
}
