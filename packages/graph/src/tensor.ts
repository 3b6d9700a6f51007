import { sessionFor } from './default-session.js';
import type { DType } from './dtype.js';
import { ValueError } from './errors.js';
import type { Graph } from './graph.js';
import type { NDArray } from './ndarray.js';
import type { Operation } from './operation.js';
import type { FeedDict, SessionLike } from './session-api.js';
import { formatShapeTuple, mergeShapes, normalizeShape, type PartialShape } from './shape.js';

/**
 * A symbolic handle to one output of an `Operation` (TF 1.x's `tf.Tensor`). It holds no value:
 * `eval()` asks a session to compute it.
 */
export class Tensor {
  readonly op: Operation;
  readonly valueIndex: number;
  readonly dtype: DType;
  private staticShape: PartialShape;

  constructor(op: Operation, valueIndex: number, dtype: DType, shape: PartialShape) {
    this.op = op;
    this.valueIndex = valueIndex;
    this.dtype = dtype;
    this.staticShape = shape === null ? null : Object.freeze([...shape]);
  }

  /** `op_name:index`, e.g. `add:0`. */
  get name(): string {
    return `${this.op.name}:${this.valueIndex}`;
  }

  get graph(): Graph {
    return this.op.graph;
  }

  get device(): string {
    return this.op.device;
  }

  /** Static shape; unknown dims are `null`, an unknown rank is `null` itself. */
  get shape(): PartialShape {
    return this.staticShape;
  }

  getShape(): PartialShape {
    return this.staticShape;
  }

  get rank(): number | null {
    return this.staticShape === null ? null : this.staticShape.length;
  }

  /** TF's `set_shape`: refines the static shape; incompatible shapes throw. */
  setShape(shape: readonly (number | null)[] | null): void {
    const merged = mergeShapes(this.staticShape, normalizeShape(shape));
    if (merged === undefined) {
      throw new ValueError(`Shapes ${formatShapeTuple(this.staticShape)} and ${formatShapeTuple(normalizeShape(shape))} are incompatible`);
    }
    this.staticShape = merged === null ? null : Object.freeze([...merged]);
  }

  /** Operations that take this tensor as an input. */
  consumers(): Operation[] {
    return this.graph.consumersOf(this);
  }

  /** `(session ?? getDefaultSession()).run(this, feedDict)`. */
  eval(feedDict?: FeedDict, session?: SessionLike): NDArray {
    return sessionFor('tensor', this.graph, session).run(this, feedDict);
  }

  /** Like `eval`, on every device (WebGPU needs it: reading a GPU value back is asynchronous). */
  evalAsync(feedDict?: FeedDict, session?: SessionLike): Promise<NDArray> {
    return sessionFor('tensor', this.graph, session).runAsync(this, feedDict);
  }

  toString(): string {
    return `Tensor("${this.name}", shape=${formatShapeTuple(this.staticShape)}, dtype=${this.dtype})`;
  }
}
