import {
  type Graph,
  type NDArray,
  RefVariable,
  Tensor,
  ValueError,
  formatShapeTuple,
  isFullyDefined,
  shapesCompatible,
  type FeedDict,
  type FeedKey,
  type TensorValue,
} from '@tf/graph';
import { DEFAULT_MAX_ELEMENTS_PER_TENSOR, checkAllocation, pyTypeName, repr, toNDArray } from '@tf/graph/backend';

/**
 * Normalises any feed dict form into tensor → validated value: each value converted to its key's
 * dtype by the validation layer (NumPy's `asarray` rules, TF's feed errors), within `limit`
 * elements (the session's `maxElementsPerTensor`).
 */
export function normalizeFeeds(
  feedDict: FeedDict | undefined,
  graph: Graph,
  limit = DEFAULT_MAX_ELEMENTS_PER_TENSOR,
): Map<Tensor, NDArray> {
  const feeds = new Map<Tensor, NDArray>();
  if (feedDict === undefined || feedDict === null) return feeds;
  for (const [key, value] of feedEntries(feedDict)) {
    const tensor = resolveKey(key, graph);
    feeds.set(tensor, convertFeedValue(tensor, key, value, limit));
  }
  return feeds;
}

function feedEntries(feedDict: FeedDict): Iterable<readonly [FeedKey, TensorValue]> {
  if (feedDict instanceof Map) return feedDict.entries();
  if (Array.isArray(feedDict)) {
    for (const entry of feedDict as readonly unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new TypeError(`feed_dict entries must be [key, value] pairs, but got ${repr(entry)} of type '${pyTypeName(entry)}'`);
      }
    }
    return feedDict as readonly (readonly [FeedKey, TensorValue])[];
  }
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
    throw new TypeError(`Cannot interpret feed_dict key as Tensor: ${repr(key)} is not a Tensor, a Variable or a tensor name.`);
  }
  if (tensor.graph !== graph) {
    throw new ValueError(`Cannot interpret feed_dict key as Tensor: Tensor ${tensor.toString()} is not an element of this graph.`);
  }
  return tensor;
}

/** TF's feed conversion (`np.asarray(v, dtype=key.dtype)`) with its dtype and shape checks. */
function convertFeedValue(tensor: Tensor, key: FeedKey, value: TensorValue, limit: number): NDArray {
  if (value instanceof Tensor || value instanceof RefVariable) {
    throw new TypeError(
      'The value of a feed cannot be a tf.Tensor object. Acceptable feed values include numbers, nested arrays, typed arrays ' +
        `or NDArrays. For reference, the tensor object was ${value.toString()} which was passed to the feed with key ${describeKey(key)}.`,
    );
  }
  let array = toNDArray(value, { dtype: tensor.dtype, mode: 'feed', limit, limitName: 'SessionOptions.maxElementsPerTensor' });
  // A flat typed array takes the key's static shape (see shapeForFlat).
  if (ArrayBuffer.isView(value)) array = array.reshape(shapeForFlat(tensor, array.size));
  if (!shapesCompatible(tensor.shape, array.shape)) {
    throw new ValueError(
      `Cannot feed value of shape ${formatShapeTuple(array.shape)} for Tensor '${tensor.name}', which has shape '${formatShapeTuple(tensor.shape)}'`,
    );
  }
  checkAllocation(array.shape, array.dtype, limit, ` for feed '${tensor.name}'`, 'SessionOptions.maxElementsPerTensor');
  return array;
}

/** A flat typed array takes the tensor's static shape when that leaves at most one dimension open. */
function shapeForFlat(tensor: Tensor, length: number): number[] {
  const shape = tensor.shape;
  if (shape === null) return [length];
  if (isFullyDefined(shape)) return shapeSize(shape) === length ? [...shape] : [length];
  const open = shape.filter((d) => d === null).length;
  const known = shape.reduce<number>((n, d) => n * (d ?? 1), 1);
  if (open === 1 && known > 0 && length % known === 0) return shape.map((d) => d ?? length / known);
  return [length];
}

function shapeSize(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function describeKey(key: FeedKey): string {
  return typeof key === 'string' ? key : key.toString();
}
