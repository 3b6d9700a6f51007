import type { OpError } from '@tf/graph';
import type { GpuStorage } from './buffer-pool.js';
import type { GpuContext } from './kernels/shared/types.js';

/** A data check a kernel recorded on the device: one u32 word of flags, read back by `settle`. */
export interface PendingCheck {
  /** Zero until the kernel ORs a finding into it. */
  readonly word: GpuStorage;
  /** The error for a non-zero word (what was found, named after the op). */
  describe: (word: number) => OpError;
}

/**
 * The device-side checks recorded since the backend last settled (TF's GPU CheckNumerics: the
 * kernel writes flags on the device and the verdict arrives later), in the order first recorded.
 *
 * Checks are keyed by the op's per-session kernel state, so an op run many times before a settle
 * (a loop of synchronous train steps) ORs into one word: their number stays bounded by the ops in
 * the graphs, however many runs pass between settles.
 *
 * The same mechanism could serve other data-dependent validation TF does inside CPU kernels
 * (int32 division by zero, gather indices out of range); TF's own GPU kernels do not validate
 * those, so neither do ours.
 */
export class DeviceChecks {
  private readonly pending = new Map<object, PendingCheck>();

  constructor(private readonly gpu: Pick<GpuContext, 'temp' | 'clear'>) {}

  /** The word `key`'s check ORs into until the next settle: zeroed (in command order) when new. */
  wordFor(key: object, describe: (word: number) => OpError): GpuStorage {
    const known = this.pending.get(key);
    if (known) {
      known.describe = describe;
      return known.word;
    }
    const word = this.gpu.temp('int32', 1);
    this.gpu.clear(word);
    this.pending.set(key, { word, describe });
    return word;
  }

  /** Hands over every pending check (the caller reads and releases their words) and starts afresh. */
  take(): PendingCheck[] {
    const checks = [...this.pending.values()];
    this.pending.clear();
    return checks;
  }
}
