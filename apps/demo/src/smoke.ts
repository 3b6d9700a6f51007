// The browser smoke page's script: runs the smoke graph on WebGPU (navigator.gpu) and writes the
// outcome into the page as JSON (document.body.dataset.result and window.__result), error included.
import { Session } from '@tf/session';
import { buildSmokeModel, runSmoke, type SmokeValues } from './model.js';

export interface SmokeResult {
  readonly ok: boolean;
  /** `sess.device`: 'webgpu' when the session got a WebGPU backend. */
  readonly device?: string;
  readonly adapter?: { vendor: string; architecture: string; device: string; description: string };
  readonly values?: SmokeValues;
  readonly error?: string;
  readonly ms: number;
}

declare global {
  interface Window {
    __result?: SmokeResult;
  }
}

async function main(): Promise<SmokeResult> {
  const started = performance.now();
  let device: string | undefined;
  let adapter: SmokeResult['adapter'];
  try {
    if (!navigator.gpu) throw new Error('navigator.gpu is missing: this browser has no WebGPU (see DEVELOPERS.md for the flags)');
    const info = (await navigator.gpu.requestAdapter())?.info;
    if (info) adapter = { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description };
    const model = buildSmokeModel();
    const sess = new Session({ graph: model.graph, device: 'webgpu' });
    try {
      await sess.ready;
      device = sess.device;
      const values = await runSmoke(sess, model);
      return { ok: true, device, adapter, values, ms: performance.now() - started };
    } finally {
      sess.close();
    }
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, device, adapter, error: message, ms: performance.now() - started };
  }
}

const result = await main();
window.__result = result;
document.body.dataset.result = JSON.stringify(result);
const out = document.getElementById('result');
if (out) out.textContent = JSON.stringify(result, null, 2);
