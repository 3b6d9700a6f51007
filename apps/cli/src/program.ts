/**
 * The commander wiring of `tf`: commands, flags, parsing and help text. The work itself lives in
 * src/commands/; `createProgram` takes the actions as parameters so tests can parse flags
 * without training anything.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { createReporter } from './commands/reporters.js';
import { inspectModel } from './commands/inspect.js';
import { startRepl } from './commands/repl.js';
import { runModel } from './commands/run-model.js';
import { DEVICES, OPTIMIZERS, trainMnist, type DeviceName, type OptimizerName } from './commands/train-mnist.js';
import { withInterrupts } from './interrupt.js';
import { cliVersion } from './version.js';

/** What `tf train mnist` hands its action: the parsed flags, defaults filled in. */
export interface TrainMnistFlags {
  epochs: number;
  batchSize: number;
  learningRate: number;
  hidden: number;
  optimizer: OptimizerName;
  data?: string;
  seed: number;
  device: DeviceName;
  json: boolean;
  maxStepsPerEpoch?: number;
  quiet: boolean;
  /** `--profile`: absent unless given. */
  profile?: boolean;
  /** `--export FILE`: absent unless given. */
  export?: string;
  /** `--save DIR`: absent unless given. */
  save?: string;
  /** `--restore`: absent unless given. */
  restore?: boolean;
}

/** What `tf inspect` hands its action. */
export interface InspectFlags {
  json: boolean;
  /** `--tensor NAME`: absent unless given. */
  tensor?: string;
  /** `--all-tensors`: absent unless given. */
  allTensors?: boolean;
}

/** What `tf run` hands its action. */
export interface RunFlags {
  input: string[];
  output: string[];
  device: DeviceName;
  out?: string;
  json: boolean;
  /** `--signature KEY` (SavedModels; default `serving_default`): absent unless given. */
  signature?: string;
  /** `--tags serve,gpu` (SavedModels; default `serve`): absent unless given. */
  tags?: string;
}

export interface ProgramActions {
  trainMnist(flags: TrainMnistFlags): Promise<void> | void;
  repl(): Promise<void> | void;
  inspect(file: string, flags: InspectFlags): Promise<void> | void;
  run(file: string, flags: RunFlags): Promise<void> | void;
}

export interface ProgramIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * The largest count a flag takes: TF's dimensions and step counts are int32, and a bigger one
 * would be refused later (or, before the validation layer, wrapped past 2^32).
 */
export const MAX_INT_FLAG = 2 ** 31 - 1;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0 || n > MAX_INT_FLAG) {
    throw new InvalidArgumentError(`Expected a positive integer (at most ${MAX_INT_FLAG}).`);
  }
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('Expected a non-negative integer.');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('Expected a positive number.');
  return n;
}

/** The default actions: really train, really start the REPL. */
export function defaultActions(io: ProgramIO): ProgramActions {
  return {
    async trainMnist(flags) {
      const { json, quiet, ...options } = flags;
      const reporter = createReporter({ json, quiet, stdout: io.stdout, stderr: io.stderr });
      // Ctrl-C / kill: the progress bar is stopped (the terminal restored) at once, training
      // stops at the next step, and main exits with 130 / 143.
      await withInterrupts({ stderr: io.stderr, cleanup: () => reporter.abort?.(undefined) }, (signal) =>
        trainMnist({ ...options, signal }, reporter),
      );
    },
    async repl() {
      await startRepl().closed;
    },
    async inspect(file, flags) {
      await inspectModel(file, flags, io.stdout);
    },
    async run(file, flags) {
      await runModel(file, flags, io.stdout);
    },
  };
}

const TRAIN_MNIST_EXAMPLES = `
The model is the MLP of the @tf seed program: 784 → hidden (ReLU) → 10, weights from
truncatedNormal(stddev 0.05), zero biases, softmax cross-entropy loss. The training set is
reshuffled every epoch (seeded). Per epoch: the mean training loss, the validation accuracy,
samples/s and ms/step; at the end, the test accuracy. Results go to stdout; the progress bar and
messages go to stderr (no bar when stderr is not a terminal).

Data: by default the 10,000 real MNIST digits shipped offline, split 8000/1000/1000. With
--data DIR, the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte,
t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (raw or .gz), split 55,000/5,000/10,000.

--json prints one object per line:
  {"epoch":1,"loss":…,"validationAccuracy":…,"samplesPerSecond":…,"msPerStep":…}  per epoch
  {"testAccuracy":…}                                                              at the end

Examples:
  $ tf train mnist
  $ tf train mnist --epochs 3 --optimizer adam --learning-rate 0.001
  $ tf train mnist --data ~/mnist --hidden 512 --batch-size 50
  $ tf train mnist --epochs 1 --max-steps-per-epoch 20 --json
  $ tf train mnist --epochs 1 --max-steps-per-epoch 5 --profile
  $ tf train mnist --epochs 1 --export model.pb && tf run model.pb --input x:0=digits.npy --output probabilities

Checkpoints (--save DIR): DIR/model-<global step> after every epoch (TF's V2 format, the last 5
kept, DIR/checkpoint names them), and at the end a SavedModel in DIR/export/<global step>/ (tag
serve; signature serving_default: x float32 [?, 784] → probabilities, logits), the layout
TensorFlow Serving watches. A directory that already holds checkpoints needs --restore, which
resumes from the latest: weights, optimizer slots and the global step. --epochs counts from the
first run, so the same command finishes an interrupted run.
  $ tf train mnist --epochs 2 --optimizer adam --learning-rate 0.001 --save ckpt
  $ tf train mnist --epochs 4 --optimizer adam --learning-rate 0.001 --save ckpt --restore
  $ tf inspect ckpt && tf run ckpt/export/320 --input x=digits.npy --output probabilities
`;

const INSPECT_HELP = `
A checkpoint (TF's V2 format: <prefix>.index + <prefix>.data-*) lists every tensor as TF's
inspect_checkpoint does (name (dtype) [shape]) and the checkpoints its directory's state file
names. A SavedModel directory (saved_model.pb or .pbtxt) is shown like saved_model_cli show --all:
each MetaGraphDef's tag set, its signatures (method name; inputs and outputs with dtype, shape and
tensor name), then the variables in variables/variables.

Examples:
  $ tf inspect frozen.pb
  $ tf inspect graph.pbtxt --json
  $ tf inspect web_model/model.json
  $ tf inspect ckpt                       the latest checkpoint named by ckpt/checkpoint
  $ tf inspect ckpt/model-800 --tensor W1
  $ tf inspect ckpt/model-800.index --all-tensors
  $ tf inspect ckpt/export/800            a SavedModel
`;

const REPL_HELP = `
In scope: tf (@tf/graph: ops, Graph, Variable, nn, …), Session, InteractiveSession, withSession,
train (@tf/train: optimizers), datasets (@tf/datasets: mnist, shuffle, batches) and sess, an
InteractiveSession installed as the default session, so t.eval() and op.run() work at once.
NDArray results print like NumPy arrays. Top-level await works (await datasets.mnist.load()).
Exiting the REPL (.exit or Ctrl-D) closes sess.

Example:
  tf> c = tf.mul(tf.constant(5), tf.constant(6)); c.eval()
  30.0
`;

export function createProgram(
  actions?: Partial<ProgramActions>,
  io: ProgramIO = { stdout: process.stdout, stderr: process.stderr },
): Command {
  const run: ProgramActions = { ...defaultActions(io), ...actions };
  const program = new Command('tf');
  program
    .description(
      '@tf: TensorFlow 1.x-style graphs and sessions for TypeScript. Train MNIST, inspect and run TensorFlow graphs, or explore in a REPL.',
    )
    .version(cliVersion(), '-V, --version', 'print the version of the tf command')
    .helpOption('-h, --help', 'show help for a command')
    .option('--verbose', 'print the stack trace of an error (default: one line, no stack)')
    .helpCommand('help [command]', 'show help for a command')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showSuggestionAfterError()
    .exitOverride();

  const trainCmd = program
    .command('train')
    .description('train a model (available: mnist)')
    .addHelpText('after', '\nExample:\n  $ tf train mnist --epochs 1\n');

  trainCmd
    .command('mnist')
    .description('train the MNIST MLP (784 → hidden ReLU → 10) with a Session; report loss and accuracy per epoch')
    .addOption(new Option('--epochs <n>', 'passes over the training set').argParser(positiveInt).default(10))
    .addOption(new Option('--batch-size <n>', 'examples per training step').argParser(positiveInt).default(100))
    .addOption(
      new Option('--learning-rate <rate>', 'optimizer learning rate (try 0.001 for adam and rmsprop)')
        .argParser(positiveNumber)
        .default(0.1),
    )
    .addOption(new Option('--hidden <units>', 'units in the hidden ReLU layer').argParser(positiveInt).default(256))
    .addOption(
      new Option('--optimizer <name>', 'training algorithm; momentum uses momentum 0.9, the others TF 1.x defaults')
        .choices(OPTIMIZERS)
        .default('sgd'),
    )
    .addOption(new Option('--data <dir>', 'directory of the MNIST IDX files (raw or .gz) (default: the embedded 8000/1000/1000 sample)'))
    .addOption(new Option('--seed <n>', 'graph seed (tf.setRandomSeed) and shuffle seed').argParser(nonNegativeInt).default(1))
    .addOption(
      new Option('--device <name>', 'where kernels run (webgpu: Dawn in Node; set VK_ICD_FILENAMES to SwiftShader without a GPU)')
        .choices(DEVICES)
        .default('cpu'),
    )
    .addOption(new Option('--max-steps-per-epoch <n>', 'stop each epoch after n steps (quick runs)').argParser(positiveInt))
    .addOption(new Option('--json', 'machine output: one JSON object per line, no progress bar').default(false))
    .addOption(new Option('-q, --quiet', 'print only the final test accuracy').default(false))
    .addOption(
      new Option('--profile', 'trace one training step (after a warm-up step) and print a per-op-type profile: count, total ms, %'),
    )
    .addOption(
      new Option(
        '--export <file>',
        'after training, write a frozen GraphDef (variables as constants; outputs logits and probabilities; .pbtxt for text) that tf run serves',
      ),
    )
    .addOption(
      new Option(
        '--save <dir>',
        'write a checkpoint DIR/model-<global step> every epoch (last 5 kept) and a SavedModel DIR/export/<global step> at the end',
      ),
    )
    .addOption(new Option('--restore', 'resume from the latest checkpoint in the --save directory (weights, optimizer slots, global step)'))
    .addHelpText('after', TRAIN_MNIST_EXAMPLES)
    .action(async (flags: TrainMnistFlags) => {
      await run.trainMnist(flags);
    });

  program
    .command('inspect')
    .description(
      'summarize a TensorFlow GraphDef (.pb or .pbtxt), TF.js graph model (model.json), checkpoint or SavedModel: ' +
        "ops, inputs, variables, outputs; a checkpoint's tensors; a SavedModel's signatures",
    )
    .argument(
      '<path>',
      'a GraphDef, a TF.js model.json, a checkpoint (prefix like ckpt/model-1000, its .index file, or a directory with a checkpoint state file) or a SavedModel directory',
    )
    .addOption(new Option('--json', 'one JSON object instead of text').default(false))
    .addOption(new Option('--tensor <name>', "print one checkpoint tensor's values (TF's inspect_checkpoint --tensor_name)"))
    .addOption(new Option('--all-tensors', `print every checkpoint tensor's values (big tensors summarized, as NumPy prints them)`))
    .addHelpText('after', INSPECT_HELP)
    .action(async (file: string, flags: InspectFlags) => {
      await run.inspect(file, flags);
    });

  const collect = (value: string, previous: string[]) => [...previous, value];
  program
    .command('run')
    .description(
      'run a TensorFlow GraphDef, TF.js graph model or SavedModel signature: feed its inputs, fetch its outputs, print them or write one to a file',
    )
    .argument('<model>', 'a binary or text GraphDef, a TF.js model.json (shards beside it), or a SavedModel directory')
    .addOption(
      new Option(
        '--input <name=value>',
        'a feed: NAME=file.npy, NAME=file.json or NAME=<inline JSON>; NAME is a tensor (X:0) or, for a SavedModel, a signature input key; repeat for more',
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option(
        '--output <name>',
        "a tensor to fetch, or a SavedModel signature's output key (default: the likely outputs, or all the signature's); repeat for more",
      )
        .argParser(collect)
        .default([]),
    )
    .addOption(new Option('--signature <key>', 'SavedModel: the signature to run (default: serving_default)'))
    .addOption(new Option('--tags <tags>', "SavedModel: the MetaGraphDef's tag set, comma-separated (default: serve)"))
    .addOption(new Option('--device <name>', 'where kernels run').choices(DEVICES).default('cpu'))
    .addOption(new Option('--out <file>', 'write the one output to a .npy or .json file instead of printing it'))
    .addOption(new Option('--json', 'one JSON object per output').default(false))
    .addHelpText(
      'after',
      "\nExamples:\n  $ tf run frozen.pb --input X:0=batch.npy --output output:0\n  $ tf run model.pb --input 'x=[[1, 2]]' --out y.npy\n" +
        '  $ tf run ckpt/export/320 --signature serving_default --input x=digits.npy --output probabilities\n',
    )
    .action(async (file: string, flags: RunFlags) => {
      await run.run(file, flags);
    });

  program
    .command('repl')
    .description('interactive Node REPL with tf, Session, train and datasets in scope and a default InteractiveSession')
    .addHelpText('after', REPL_HELP)
    .action(async () => {
      await run.repl();
    });

  program.addHelpText(
    'after',
    `
Examples:
  $ tf train mnist                 train the seed MLP on the embedded MNIST sample
  $ tf train mnist --help          all training flags
  $ tf inspect frozen.pb           what a TensorFlow GraphDef holds
  $ tf run frozen.pb --input X:0=batch.npy
                                   run it
  $ tf train mnist --save ckpt     checkpoints every epoch, a SavedModel at the end
  $ tf inspect ckpt                a checkpoint's tensors (or a SavedModel's signatures)
  $ tf run ckpt/export/800 --input x=digits.npy
                                   run a SavedModel's serving_default signature
  $ tf repl                        graphs and sessions at a prompt
`,
  );
  return program;
}
