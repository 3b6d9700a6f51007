import type { ConcreteShape, DType } from '@tf/graph';
import { BYTES_PER_ELEMENT, sizeOf, type Backend } from '@tf/graph/backend';

/** A variable's value on the session's device. */
export interface VariableSlot<S = unknown> {
  readonly name: string;
  storage: S | undefined;
  dtype: DType;
  shape: ConcreteShape;
}

/** Variables live in the session (TF's resource manager), keyed by their `VariableV2` op name. */
export class VariableStore<S = unknown> {
  private readonly slots = new Map<string, VariableSlot<S>>();

  slot(name: string, dtype: DType): VariableSlot<S> {
    let slot = this.slots.get(name);
    if (!slot) {
      slot = { name, storage: undefined, dtype, shape: [] };
      this.slots.set(name, slot);
    }
    return slot;
  }

  isInitialized(name: string): boolean {
    return this.slots.get(name)?.storage !== undefined;
  }

  /** Variables holding a value, and the bytes of their values. */
  memory(): { count: number; bytes: number } {
    let count = 0;
    let bytes = 0;
    for (const slot of this.slots.values()) {
      if (slot.storage === undefined) continue;
      count++;
      bytes += sizeOf(slot.shape) * BYTES_PER_ELEMENT[slot.dtype];
    }
    return { count, bytes };
  }

  releaseAll(backend: Backend<S>): void {
    for (const slot of this.slots.values()) {
      if (slot.storage !== undefined) backend.release(slot.storage);
      slot.storage = undefined;
    }
    this.slots.clear();
  }
}
