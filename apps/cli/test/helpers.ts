import { spawn } from 'node:child_process';
import { SWIFTSHADER_ICD } from '@tf/kernels-webgpu/testing';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/tf.js', import.meta.url));

/** A writable that keeps what it is given; `isTTY` as asked. */
export class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/tf.js ...args`, writing `input` to its stdin (then closing it). */
export function runTf(args: string[], input?: string, timeoutMs = 20_000): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { VK_ICD_FILENAMES: SWIFTSHADER_ICD, ...process.env, NO_COLOR: '1', TF_REPL_HISTORY: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`tf ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin.write(input);
    child.stdin.end();
  });
}
