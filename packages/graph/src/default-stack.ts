/// <reference lib="esnext.disposable" preserve="true" />
// `preserve`: the declarations mention `Disposable` / `Symbol.dispose`, and a consumer whose `lib`
// lacks ESNext.Disposable (TS 5.2+ has it) gets it through this reference.
/**
 * A stack of implicit defaults (TF's `_DefaultStack` in `ops.py`): the default graph, the default
 * session. Scopes must be synchronous: an async callback would leave the default installed while
 * other work interleaves, so a returned Promise is rejected loudly.
 */
export class DefaultStack<T> {
  private readonly stack: T[] = [];
  private readonly kind: string;

  constructor(kind: string) {
    this.kind = kind;
  }

  /** The innermost default, or `undefined` when none is installed. */
  get(): T | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Installs `value` until the returned handle is disposed (TF's `get_controller`). */
  push(value: T, { enforceNesting = true } = {}): Disposable & { pop(): void } {
    this.stack.push(value);
    let popped = false;
    const pop = () => {
      if (popped) return;
      const top = this.stack[this.stack.length - 1];
      if (enforceNesting) {
        // Checked before marking the handle popped, so it can still be popped once the inner scopes are.
        if (top !== value) throw new Error(`Nesting violated for default stack of ${this.kind} objects`);
        popped = true;
        this.stack.pop();
      } else {
        // InteractiveSession turns nesting off: it may be closed while other defaults sit above it.
        popped = true;
        const index = this.stack.lastIndexOf(value);
        if (index >= 0) this.stack.splice(index, 1);
      }
    };
    return { pop, [Symbol.dispose]: pop };
  }

  /** Runs `fn` with `value` installed, restoring the previous default afterwards, even on error. */
  withDefault<R>(value: T, fn: () => R): R {
    const handle = this.push(value);
    try {
      const result = fn();
      if (result instanceof Promise) {
        throw new Error(`A default ${this.kind} scope cannot wrap an async function; await outside the scope`);
      }
      return result;
    } finally {
      handle.pop();
    }
  }

  reset(): void {
    this.stack.length = 0;
  }

  get depth(): number {
    return this.stack.length;
  }
}
