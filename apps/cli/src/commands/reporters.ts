/**
 * How `tf train mnist` talks to the terminal. Results go to stdout, progress and chatter to
 * stderr, so `tf train mnist > results.txt` keeps only the results.
 *
 * - human, stderr a TTY: a cli-progress bar per epoch (cleared when the epoch ends), then one
 *   result line per epoch on stdout;
 * - human, stderr not a TTY (CI logs, pipes): no bar (cli-progress draws nothing there), only the
 *   plain result line per epoch;
 * - `--json`: one JSON object per line on stdout, nothing else (no bar, no banner);
 * - `--quiet`: only the final test accuracy (as a line, or as the final JSON object).
 */
import cliProgress from 'cli-progress';
import type { EpochResult, StepProgress, TrainReporter, TrainStart, TrainSummary } from './train-mnist.js';

export interface ReporterOptions {
  json?: boolean;
  quiet?: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Draw the progress bar; default: whether `stderr` is a TTY. */
  progressBar?: boolean;
}

const fixed = (v: number, digits: number) => v.toFixed(digits);
const count = (v: number) => Math.round(v).toLocaleString('en-US');

/** The `tf train mnist` result line of an epoch. */
export function formatEpoch(r: EpochResult, epochs: number): string {
  return (
    `epoch ${r.epoch}/${epochs}  loss ${fixed(r.loss, 4)}  validation accuracy ${fixed(r.validationAccuracy, 4)}  ` +
    `${count(r.samplesPerSecond)} samples/s  ${fixed(r.msPerStep, 2)} ms/step`
  );
}

/** The JSON line of an epoch: `{"epoch","loss","validationAccuracy","samplesPerSecond","msPerStep"}`. */
export function epochJson(r: EpochResult): string {
  return JSON.stringify({
    epoch: r.epoch,
    loss: r.loss,
    validationAccuracy: r.validationAccuracy,
    samplesPerSecond: Math.round(r.samplesPerSecond * 10) / 10,
    msPerStep: Math.round(r.msPerStep * 1000) / 1000,
  });
}

export function createReporter(options: ReporterOptions = {}): TrainReporter {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const out = (line: string) => stdout.write(`${line}\n`);
  const err = (line: string) => stderr.write(`${line}\n`);

  if (options.json) {
    return {
      epochEnd: (r) => {
        if (!options.quiet) out(epochJson(r));
      },
      end: (s) => out(JSON.stringify({ testAccuracy: s.testAccuracy })),
    };
  }
  if (options.quiet) {
    return { end: (s) => out(`test accuracy ${fixed(s.testAccuracy, 4)}`) };
  }

  const drawBar = options.progressBar ?? stderr.isTTY === true;
  let epochs = 0;
  let bar: cliProgress.SingleBar | undefined;
  return {
    loading: (source) => err(`Loading ${source}…`),
    start: (info: TrainStart) => {
      const o = info.options;
      epochs = o.epochs;
      const momentum = o.optimizer === 'momentum' ? ', momentum 0.9' : '';
      err(
        `Training a 784-${o.hidden}-10 MLP on ${info.trainSize} examples (${info.validSize} validation, ${info.testSize} test): ` +
          `${o.optimizer} (learning rate ${o.learningRate}${momentum}), batch ${o.batchSize}, ${o.epochs} epoch${o.epochs === 1 ? '' : 's'} ` +
          `× ${info.stepsPerEpoch} steps, seed ${o.seed}, ${o.device}`,
      );
    },
    epochStart: (epoch, steps) => {
      if (!drawBar) return;
      bar = new cliProgress.SingleBar(
        {
          stream: stderr,
          format: `epoch ${epoch}/${epochs} [{bar}] {value}/{total} | loss {loss} | {speed} samples/s`,
          barsize: 30,
          clearOnComplete: true,
          noTTYOutput: false,
          hideCursor: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(steps, 0, { loss: '-', speed: '-' });
    },
    step: (p: StepProgress) => {
      bar?.update(p.step, { loss: fixed(p.meanLoss, 4), speed: count(p.samplesPerSecond) });
    },
    epochEnd: (r) => {
      bar?.stop();
      bar = undefined;
      out(formatEpoch(r, epochs));
    },
    abort: () => {
      bar?.stop();
      bar = undefined;
    },
    end: (s: TrainSummary) => {
      out(`test accuracy ${fixed(s.testAccuracy, 4)}`);
      err(`Done in ${s.seconds.toFixed(1)} s.`);
    },
  };
}
