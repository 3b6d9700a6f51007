// A measuring process (a system's child, or PyTorch's bench.py) and the one line it reports.
import { execFile } from 'node:child_process';
import type { ChildResult } from './child.js';

/** Runs a measuring process and reads its `@@result <json>` line; an error saying how it ended when there is none. */
export function runMeasurement(cmd: string, argv: readonly string[], env?: NodeJS.ProcessEnv): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(cmd, argv, { maxBuffer: 64 * 1024 * 1024, env }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('@@result '));
      if (line) resolve(JSON.parse(line.slice('@@result '.length)) as ChildResult);
      else {
        const why = error ? `exit ${error.code ?? ''}${error.signal ? ` signal ${error.signal}` : ''}` : 'no result';
        const last = stderr.trim().split('\n').filter(Boolean).at(-1) ?? '';
        resolve({ times: [], values: [], error: `${why}: ${last.slice(0, 200)}` });
      }
    });
  });
}
