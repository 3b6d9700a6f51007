import {
  type Graph,
  NDArray,
  RefVariable,
  Tensor,
  ValueError,
  formatShapeTuple,
  isFloatDType,
  isFullyDefined,
  shapesCompatible,
  type FeedDict,
  type FeedKey,
  type TensorValue,
  type TypedArray,
} from '@tf/graph';
import { dtypeOfArray, toTypedArray } from '@tf/graph/backend';

/** Normalises any feed dict form into tensor → validated value. */
export function normalizeFeeds(feedDict: FeedDict | undefined, graph: Graph): Map<Tensor, NDArray> {
  const feeds = new Map<Tensor, NDArray>();
  if (feedDict === undefined || feedDict === null) return feeds;
  for (const [key, value] of feedEntries(feedDict)) {
    const tensor = resolveKey(key, graph);
    feeds.set(tensor, convertFeedValue(tensor, key, value));
  }
  return feeds;
}

function feedEntries(feedDict: FeedDict): Iterable<readonly [FeedKey, TensorValue]> {
  if (feedDict instanceof Map) return feedDict.entries();
  if (Array.isArray(feedDict)) return feedDict as readonly (readonly [FeedKey, TensorValue])[];
  if (typeof feedDict === 'object') return Object.entries(feedDict as Record<string, TensorValue>);
  throw new TypeError(`feed_dict must be a Map, an array of [key, value] pairs or an object keyed by tensor names`);
}

function resolveKey(key: FeedKey, graph: Graph): Tensor {
  let tensor: unknown = key;
  if (key instanceof RefVariable) tensor = key.ref();
  if (typeof key === 'string') {
    try {
      // `'x'` is accepted for `'x:0'` when op `x` has exactly one output: a convenience over TF.
      const name = key.includes(':') ? key : graph.getOperationByName(key).outputs.length === 1 ? `${key}:0` : key;
      tensor = graph.asGraphElement(name, { allowOperation: false });
    } catch (error) {
      throw new TypeError(`Cannot interpret feed_dict key as Tensor: ${(error as Error).message}`);
    }
  }
  if (!(tensor instanceof Tensor)) {
    throw new TypeError(`Cannot interpret feed_dict key as Tensor: ${String(key)} is not a Tensor, a Variable or a tensor name.`);
  }
  if (tensor.graph !== graph) {
    throw new ValueError(`Cannot interpret feed_dict key as Tensor: Tensor ${tensor.toString()} is not an element of this graph.`);
  }
  return tensor;
}

/** TF's feed conversion (`np.asarray(v, dtype=key.dtype)`) with its dtype and shape checks. */
function convertFeedValue(tensor: Tensor, key: FeedKey, value: TensorValue): NDArray {
  if (value instanceof Tensor || value instanceof RefVariable) {
    throw new TypeError(
      'The value of a feed cannot be a tf.Tensor object. Acceptable feed values include numbers, nested arrays, typed arrays ' +
        `or NDArrays. For reference, the tensor object was ${value.toString()} which was passed to the feed with key ${describeKey(key)}.`,
    );
  }
  const array = toNDArray(tensor, value);
  if (!shapesCompatible(tensor.shape, array.shape)) {
    throw new ValueError(
      `Cannot feed value of shape ${formatShapeTuple(array.shape)} for Tensor '${tensor.name}', which has shape '${formatShapeTuple(tensor.shape)}'`,
    );
  }
  return array;
}

function toNDArray(tensor: Tensor, value: TensorValue): NDArray {
  const target = tensor.dtype;
  if (value instanceof NDArray) {
    if (value.dtype === target) return value;
    checkConvertible(tensor, value.dtype, value.data);
    return new NDArray(target, value.shape, toTypedArray(target, value.data));
  }
  if (ArrayBuffer.isView(value)) {
    const data = value as TypedArray;
    checkConvertible(tensor, dtypeOfArray(data), data);
    const converted = dtypeOfArray(data) === target ? data : toTypedArray(target, data);
    return new NDArray(target, shapeForFlat(tensor, data.length), converted);
  }
  const raw = NDArray.from(value, 'float64');
  checkConvertible(tensor, typeof value === 'boolean' ? 'bool' : 'float64', raw.data);
  return new NDArray(target, raw.shape, toTypedArray(target, raw.data));
}

/** A flat typed array takes the tensor's static shape when that leaves at most one dimension open. */
function shapeForFlat(tensor: Tensor, length: number): number[] {
  const shape = tensor.shape;
  if (shape === null) return [length];
  if (isFullyDefined(shape)) return [...shape];
  const open = shape.filter((d) => d === null).length;
  const known = shape.reduce<number>((n, d) => n * (d ?? 1), 1);
  if (open === 1 && known > 0 && length % known === 0) return shape.map((d) => d ?? length / known);
  return [length];
}

function checkConvertible(tensor: Tensor, from: string, data: ArrayLike<number>): void {
  const to = tensor.dtype;
  if (to === 'int32' || to === 'bool') {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      const fits = to === 'bool' ? v === 0 || v === 1 : Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;
      if (!fits) {
        throw new TypeError(
          `Type of feed value ${v} with type ${from === 'float64' ? 'number' : from} is not compatible with Tensor type ${to}. ` +
            `Try explicitly setting the type of the feed tensor to a larger type (e.g. float32).`,
        );
      }
    }
  } else if (!isFloatDType(to)) {
    throw new TypeError(`Cannot feed a value of type ${from} to Tensor '${tensor.name}' of type ${to}`);
  }
}

function describeKey(key: FeedKey): string {
  return typeof key === 'string' ? key : key.toString();
}
