import type { ConcreteShape, DType } from '@tf/graph';
import type { Backend } from '@tf/graph/backend';
import type { VariableSlot } from './variable-store.js';

/** A variable's value as it was before the run's first write to it. */
interface Saved {
  /** A copy on the device; `undefined` when the variable held no value. */
  readonly storage: unknown;
  readonly dtype: DType;
  readonly shape: ConcreteShape;
}

/**
 * The values of the variables a run writes, copied before the first write to each, so that a run
 * that fails after writing can put them back. Kept only for writes that a value-dependent failure
 * may still follow (the write guard says which): a training step whose checks all come before its
 * updates copies nothing.
 *
 * The copy is the device's own `Identity` kernel, enqueued in order before the write, so on
 * WebGPU it costs no read-back.
 */
export class WriteLog {
  private readonly saved = new Map<VariableSlot<unknown>, Saved>();

  constructor(private readonly device: Backend<unknown>) {}

  /** Keeps `slot`'s current value, unless this run already did. */
  save(slot: VariableSlot<unknown>): void {
    if (this.saved.has(slot)) return;
    const { storage, dtype, shape } = slot;
    if (storage === undefined) {
      this.saved.set(slot, { storage: undefined, dtype, shape });
      return;
    }
    const copy = this.device.allocate({ dtype, shape });
    this.device.execute({
      type: 'Identity',
      name: `${slot.name}/rollback_copy`,
      attrs: {},
      inputs: [{ storage, dtype, shape }],
      outputs: [{ storage: copy, dtype, shape }],
      hostValues: [],
      state: {},
    });
    this.saved.set(slot, { storage: copy, dtype, shape });
  }

  /** The run failed: every variable it wrote gets back the value it had before the run. */
  restore(): void {
    for (const [slot, saved] of this.saved) {
      if (slot.storage !== undefined) this.device.release(slot.storage);
      slot.storage = saved.storage;
      slot.dtype = saved.dtype;
      slot.shape = saved.shape;
    }
    this.saved.clear();
  }

  /** The run succeeded: the copies are dropped. */
  discard(): void {
    for (const saved of this.saved.values()) if (saved.storage !== undefined) this.device.release(saved.storage);
    this.saved.clear();
  }
}
