// `node bin/tf.js train mnist` stopped by a signal, as a person or a supervisor stops it: with a
// pseudo-terminal (util-linux `script`) and Ctrl-C typed into it, and with pipes and kill(). The
// tests wait for output that shows training is under way, then signal; nothing is timed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runTf } from './helpers.js';

const ESC = '\u001b';
/** Enough epochs that training is still running whenever the signal comes. */
const LONG_RUN = ['train', 'mnist', '--epochs', '1000', '--hidden', '16'];
const LIMIT_MS = 60_000;

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Spawns `command`, waits until its output (stdout + stderr) contains `ready`, calls `act` with
 * the child, and resolves once it exits. Fails the test if `ready` never comes.
 */
function runUntil(
  command: string,
  args: string[],
  ready: string,
  act: (child: ReturnType<typeof spawn>) => void,
  env: NodeJS.ProcessEnv = {},
): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    let output = '';
    let acted = false;
    const onData = (data: Buffer) => {
      output += data.toString('utf8');
      if (!acted && output.includes(ready)) {
        acted = true;
        act(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: did not end\n${JSON.stringify(output.slice(-2000))}`));
    }, LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('tf train mnist under signals', () => {
  it.skipIf(!hasScript)(
    'Ctrl-C on a terminal: the bar is cleared, autowrap back on, a final newline, exit 130',
    async () => {
      // script -e: exit with the child's status; -f: flush; -q: no banner. Its stdin is the
      // terminal's keyboard: \x03 there is Ctrl-C, which the terminal turns into SIGINT.
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${LONG_RUN.join(' ')}`;
      const ended = await runUntil('script', ['-qfec', command, '/dev/null'], `${ESC}[?7l`, (child) => child.stdin!.write('\u0003'), {
        COLUMNS: '120',
        LINES: '40',
        TERM: 'xterm',
      });
      const { code, output } = ended;
      expect(code, output.slice(-1000)).toBe(130);
      // The bar turned autowrap off; after the last time it did, it is back on.
      expect(output.lastIndexOf(`${ESC}[?7h`)).toBeGreaterThan(output.lastIndexOf(`${ESC}[?7l`));
      expect(output.lastIndexOf(`${ESC}[?25h`)).toBeGreaterThan(output.lastIndexOf(`${ESC}[?7l`));
      // The last thing printed is the one-line message, ending in a newline (the terminal's \r\n).
      expect(output).toMatch(/tf: interrupted by SIGINT\r?\n$/);
      expect(output).not.toMatch(/\n {4}at /);
    },
    LIMIT_MS + 5_000,
  );

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(
      `${signal} through a pipe: stops, one line on stderr, exit ${code}`,
      async () => {
        const ended = await runUntil(process.execPath, [BIN, ...LONG_RUN], 'Training a 784-16-10 MLP', (child) => child.kill(signal));
        expect(ended.code, ended.output.slice(-1000)).toBe(code);
        expect(ended.signal).toBeNull();
        expect(ended.output).toMatch(new RegExp(`tf: interrupted by ${signal}\\n$`));
        expect(ended.output).not.toContain(ESC); // no terminal, no escapes
      },
      LIMIT_MS + 5_000,
    );
  }

  it(
    '--json: the same exit code, nothing but JSON on stdout',
    async () => {
      const ended = await runUntil(process.execPath, [BIN, ...LONG_RUN, '--json'], '"epoch":1', (child) => child.kill('SIGINT'));
      expect(ended.code).toBe(130);
      const lines = ended.output.trim().split('\n');
      expect(lines.at(-1)).toBe('tf: interrupted by SIGINT');
      for (const line of lines.slice(0, -1)) expect(() => JSON.parse(line)).not.toThrow();
    },
    LIMIT_MS + 5_000,
  );
});

describe('tf errors', () => {
  it('a data path that is a file: one line, no stack, exit 1; --verbose adds the stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-cli-'));
    try {
      const file = join(dir, 'mnist.tar');
      await writeFile(file, '');
      const plain = await runTf(['train', 'mnist', '--data', file]);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toBe(`Loading ${file}…\nerror: the data directory ${file} is a file, not a directory\n`);
      const verbose = await runTf(['train', 'mnist', '--data', file, '--verbose']);
      expect(verbose.code).toBe(1);
      expect(verbose.stderr).toMatch(/error: DatasetPathError: the data directory .* is a file, not a directory\n {4}at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a usage error exits 1, a missing directory exits 1 with the reason', async () => {
    const usage = await runTf(['train', 'mnist', '--hidden', '4294967306']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toBe(
      "error: option '--hidden <units>' argument '4294967306' is invalid. Expected a positive integer (at most 2147483647).\n",
    );
    const missing = await runTf(['train', 'mnist', '--data', '/nonexistent/tf-mnist']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: the data directory /nonexistent/tf-mnist does not exist (ENOENT)\n');
  });
});
