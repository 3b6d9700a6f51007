/**
 * `tf repl`: a Node REPL with the @tf packages in scope and an `InteractiveSession` installed as
 * the default session, so `c = tf.mul(tf.constant(5), tf.constant(6)); c.eval()` prints `30.0`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import repl, { type REPLServer } from 'node:repl';
import { inspect } from 'node:util';
import * as datasets from '@tf/datasets';
import * as tf from '@tf/graph';
import { InteractiveSession, Session, withSession } from '@tf/session';
import * as train from '@tf/train';
import { cliVersion } from '../version.js';

export interface ReplOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Line editing and colors; default: whether `output` is a TTY. */
  terminal?: boolean;
  /** Print the banner. Default true. */
  banner?: boolean;
  /**
   * History file for terminal sessions; default `$TF_REPL_HISTORY` or `~/.tf_repl_history`.
   * `false` (or an empty `$TF_REPL_HISTORY`) keeps no history.
   */
  history?: string | false;
}

export interface ReplHandle {
  server: REPLServer;
  session: InteractiveSession;
  /** Resolves once the REPL has exited (`.exit`, Ctrl-D, end of input) and the session is closed. */
  closed: Promise<void>;
}

function defineInspect<T extends object>(proto: T, render: (self: T) => string): void {
  Object.defineProperty(proto, inspect.custom, {
    configurable: true,
    writable: true,
    enumerable: false,
    value(this: T) {
      return render(this);
    },
  });
}

let inspectInstalled = false;

/**
 * Makes the REPL print `@tf` values the way a TF 1.x user expects instead of dumping their fields:
 * `NDArray` as its numpy-like `toString()` (`30.0`, `[[1. 2.]\n [3. 4.]]`), tensors, variables and
 * operations as their one-line reprs, graphs and sessions as a short summary. Patches the
 * prototypes from here, so @tf/graph itself stays free of Node-specific code.
 */
export function installInspect(): void {
  if (inspectInstalled) return;
  inspectInstalled = true;
  defineInspect(tf.NDArray.prototype, (a) => a.toString());
  defineInspect(tf.Tensor.prototype, (t) => `<tf.Tensor '${t.name}' shape=${tf.formatShapeTuple(t.shape)} dtype=${t.dtype}>`);
  defineInspect(tf.RefVariable.prototype, (v) => v.toString());
  defineInspect(tf.Operation.prototype, (op) => `<tf.Operation '${op.name}' type=${op.type}>`);
  defineInspect(tf.Graph.prototype, (g) => `<tf.Graph with ${g.version} operations>`);
  defineInspect(Session.prototype, (s) => {
    const kind = s instanceof InteractiveSession ? 'InteractiveSession' : 'Session';
    return s.closed ? `<tf.${kind} (closed)>` : `<tf.${kind} device=${s.device}>`;
  });
}

export function banner(): string {
  return [
    `@tf ${cliVersion()} REPL: TensorFlow 1.x-style graphs and sessions (Node ${process.version}, device cpu)`,
    'In scope: tf (@tf/graph), Session, InteractiveSession, train (@tf/train), datasets (@tf/datasets),',
    '          sess (an InteractiveSession, installed as the default session).',
    'Try: c = tf.mul(tf.constant(5), tf.constant(6)); c.eval()',
    'Type .help for REPL commands, .exit or Ctrl-D to quit.',
  ].join('\n');
}

function historyPath(option: string | false | undefined): string | undefined {
  if (option === false) return undefined;
  if (option !== undefined) return option;
  const fromEnv = process.env['TF_REPL_HISTORY'];
  if (fromEnv !== undefined) return fromEnv === '' ? undefined : fromEnv;
  return join(homedir(), '.tf_repl_history');
}

/** Starts the REPL; closing it (`.exit`, Ctrl-D, end of piped input) closes `sess`. */
export function startRepl(options: ReplOptions = {}): ReplHandle {
  installInspect();
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  if (options.banner ?? true) output.write(`${banner()}\n`);

  const session = new InteractiveSession();
  const server = repl.start({
    prompt: 'tf> ',
    input,
    output,
    ...(options.terminal === undefined ? {} : { terminal: options.terminal }),
    // The main realm, not a vm context: @tf checks plain objects and arrays by prototype, which a
    // separate context's `{}` and `[]` would fail.
    useGlobal: true,
    // `op.run()` returns undefined, as in TF; do not echo it.
    ignoreUndefined: true,
  });
  Object.assign(server.context, { tf, Session, InteractiveSession, withSession, train, datasets, sess: session });

  const closed = new Promise<void>((resolve) => {
    server.on('exit', () => {
      session.close();
      resolve();
    });
  });

  const history = server.terminal ? historyPath(options.history) : undefined;
  if (history !== undefined) {
    server.setupHistory(history, (error) => {
      if (error) output.write(`(history disabled: ${error.message})\n`);
    });
  }
  return { server, session, closed };
}
