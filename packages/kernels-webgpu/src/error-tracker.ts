import { FailedPreconditionError, InternalError, type OpError, ResourceExhaustedError, UnavailableError } from '@tf/graph';

/**
 * What went wrong on the device, and when it is reported. WebGPU reports errors asynchronously
 * (error scopes, compile checks, `uncapturederror`, device loss), while TF reports them from the
 * call that caused them: the tracker collects them and the backend throws the first one from its
 * next call (`execute`) or from the read that depends on the work (`read`, `settle`). CheckNumerics
 * findings travel separately, as device-side words (device-checks.ts).
 */
export class ErrorTracker {
  /** Errors WebGPU reported asynchronously that no call has surfaced yet. */
  private readonly asyncErrors: OpError[] = [];
  /** Error scopes and compile checks still in flight; a read waits for them before it returns. */
  private readonly pendingChecks = new Set<Promise<unknown>>();
  private disposed = false;
  private lostError: UnavailableError | undefined;
  /**
   * The rejections of the waits in flight (`unlessLost`), called if the device goes. Each is
   * removed when its wait settles: a `Promise.race` against one long-lived "lost" promise would
   * leave a reaction on it per wait, retained until the device goes (a leak of ~1 KB a run).
   */
  private readonly waiting = new Set<(error: UnavailableError) => void>();

  constructor(private readonly device: GPUDevice) {
    device.lost.then((info) => {
      this.lostError = new UnavailableError(
        `The WebGPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''}). ` +
          'Its buffers are gone: create a new backend (a new Session) to continue.',
      );
      for (const reject of this.waiting) reject(this.lostError);
      this.waiting.clear();
    });
    // Errors no error scope caught (work recorded outside `execute`) still surface, typed, on the next call.
    device.addEventListener?.('uncapturederror', (event) => {
      const error = (event as GPUUncapturedErrorEvent).error;
      const kind = /out of memory/i.test(error.message) ? 'out-of-memory' : 'validation';
      this.asyncErrors.push(typedGpuError(error, 'WebGPU reported an error outside any kernel', kind));
    });
  }

  /** `true` once the device was lost or the backend disposed. */
  get lost(): boolean {
    return this.disposed || this.lostError !== undefined;
  }

  /** The device itself is gone (its buffers too): nothing may be popped, unmapped or pooled any more. */
  get deviceLost(): boolean {
    return this.lostError !== undefined;
  }

  /** Marks the backend disposed; `false` when it already was. */
  markDisposed(): boolean {
    if (this.disposed) return false;
    this.disposed = true;
    return true;
  }

  assertUsable(): void {
    if (this.lostError) throw this.lostError;
    if (this.disposed) throw new FailedPreconditionError('The WebGPU backend was disposed (its Session was closed); create a new one.');
  }

  /** Opens the scopes one command encoder's work is validated in (the encoder is created right after). */
  openScopes(): void {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
  }

  /** Closes the encoder's scopes right after its submit; what they caught is reported as `context`. */
  closeScopes(context: string): void {
    const validation = this.device.popErrorScope();
    const memory = this.device.popErrorScope();
    this.track(
      Promise.all([validation, memory]).then(([v, m]) => {
        if (v !== null) this.asyncErrors.push(typedGpuError(v, context, 'validation'));
        if (m !== null) this.asyncErrors.push(typedGpuError(m, context, 'out-of-memory'));
      }),
    );
  }

  /** Closes the scopes of work that will never be submitted, so they do not stay on a caller's device. */
  dropScopes(): void {
    this.device.popErrorScope().catch(() => {});
    this.device.popErrorScope().catch(() => {});
  }

  /** An error found asynchronously (a pipeline that failed to compile), thrown by the next call. */
  report(error: OpError): void {
    this.asyncErrors.push(error);
  }

  /** Keeps `check` in flight until it settles, so reads wait for it (`inFlight`). */
  track(check: Promise<unknown>): void {
    const settled: Promise<void> = check.then(
      () => void this.pendingChecks.delete(settled),
      () => void this.pendingChecks.delete(settled),
    );
    this.pendingChecks.add(settled);
  }

  /** Every check in flight now (error scopes, compile checks). */
  inFlight(): Promise<unknown[]> {
    return Promise.all([...this.pendingChecks]);
  }

  /**
   * Throws the first error WebGPU reported since the last one was thrown; later ones are usually
   * its consequences (a dispatch with a pipeline that failed to compile), so they are dropped.
   */
  throwPendingError(): void {
    const error = this.asyncErrors[0];
    if (error === undefined) return;
    const more = this.asyncErrors.length - 1;
    this.asyncErrors.length = 0;
    if (more > 0) error.message += `\n(and ${more} more WebGPU error${more > 1 ? 's' : ''} after it)`;
    throw error;
  }

  /** `promise`, or the device-lost error if the device goes first. */
  unlessLost<T>(promise: Promise<T>): Promise<T> {
    if (this.lostError) {
      promise.catch(() => {});
      return Promise.reject(this.lostError);
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      promise.then(
        (value) => {
          this.waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(reject);
          reject(error);
        },
      );
    });
  }
}

/** A GPUError as the matching TF error. */
function typedGpuError(error: GPUError, context: string, kind: 'validation' | 'out-of-memory'): OpError {
  return kind === 'out-of-memory'
    ? new ResourceExhaustedError(`${context}: out of GPU memory: ${error.message}`)
    : new InternalError(`${context}: ${error.message}`);
}
