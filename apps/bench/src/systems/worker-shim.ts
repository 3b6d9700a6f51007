// A Web `Worker` for Node, over `worker_threads`, so jax-js's wasm backend can run its worker pool
// here: jax-js starts its workers from a Blob URL of its own source text (`new Worker(url)`, then
// `onmessage`, `postMessage`), which Node's `Worker` cannot load. The shim keeps the text of each
// string Blob it creates an object URL for, and runs that text in a `worker_threads` worker behind
// a prelude that gives it the Web worker globals it uses (`self`, `postMessage`, `onmessage`).
// Only the bench's jax-js child installs it, before jax-js loads.
import { Worker as NodeWorker } from 'node:worker_threads';

const PRELUDE = `const { parentPort } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (message) => parentPort.postMessage(message);
parentPort.on('message', (data) => { if (typeof globalThis.onmessage === 'function') globalThis.onmessage({ data }); });
`;

interface WebWorkerEvent {
  readonly data?: unknown;
  readonly message?: string;
}

/** Installs `Worker` (and `navigator.hardwareConcurrency`, absent in Node 20: jax-js sizes its pool by it). */
export function installWorkerShim(workers: number): void {
  const sources = new Map<string, string>();
  const NativeBlob = globalThis.Blob;
  class TextBlob extends NativeBlob {
    readonly sourceText: string | undefined;
    constructor(parts: ConstructorParameters<typeof Blob>[0] & unknown[], options?: ConstructorParameters<typeof Blob>[1]) {
      super(parts, options);
      this.sourceText = parts.every((p) => typeof p === 'string') ? parts.join('') : undefined;
    }
  }
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob) => {
    const url = createObjectURL(blob);
    if (blob instanceof TextBlob && blob.sourceText !== undefined) sources.set(url, blob.sourceText);
    return url;
  };
  class WebWorker {
    onmessage: ((event: WebWorkerEvent) => void) | null = null;
    onerror: ((event: WebWorkerEvent) => void) | null = null;
    readonly #worker: NodeWorker;
    constructor(url: string | URL) {
      const source = sources.get(String(url));
      if (source === undefined) throw new Error(`Worker shim: ${String(url)} is not the object URL of a string Blob`);
      this.#worker = new NodeWorker(PRELUDE + source, { eval: true });
      this.#worker.unref();
      this.#worker.on('message', (data) => this.onmessage?.({ data }));
      this.#worker.on('error', (error) => this.onerror?.({ message: error instanceof Error ? error.message : String(error) }));
    }
    postMessage(message: unknown): void {
      this.#worker.postMessage(message);
    }
    terminate(): void {
      void this.#worker.terminate();
    }
  }
  Object.assign(globalThis, { Blob: TextBlob, Worker: WebWorker });
  if (!('navigator' in globalThis)) Object.assign(globalThis, { navigator: { hardwareConcurrency: workers } });
}
