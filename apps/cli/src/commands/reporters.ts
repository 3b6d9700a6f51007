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
import { formatProfile } from './profile.js';
import type { EpochResult, ProfileReport, StepProgress, TrainReporter, TrainStart, TrainSummary } from './train-mnist.js';

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

/** The `--profile` block: a heading, the per-op table, and on WebGPU what its times measure. */
export function formatProfileReport(p: ProfileReport): string {
  const heading = `profile of training step ${p.step} of epoch ${p.epoch} (${p.device}, ${p.devices.join(' + ')}): ${p.ops} ops, ${p.totalMs.toFixed(3)} ms`;
  const note = p.device === 'webgpu' ? '\n(WebGPU times are the time to record each op, not GPU time)' : '';
  return `${heading}\n${formatProfile(p)}${note}`;
}

/** The `--json` line of a profile: `{"profile":{"epoch","step","totalMs","ops":[{op,count,totalMs,percent}]}}`. */
export function profileJson(p: ProfileReport): string {
  return JSON.stringify({ profile: { epoch: p.epoch, step: p.step, totalMs: p.totalMs, ops: p.rows } });
}

export function createReporter(options: ReporterOptions = {}): TrainReporter {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const out = (line: string) => stdout.write(`${line}\n`);
  const err = (line: string) => stderr.write(`${line}\n`);

  // A profile was asked for explicitly (--profile): it is printed even with --quiet.
  if (options.json) {
    return {
      epochEnd: (r) => {
        if (!options.quiet) out(epochJson(r));
      },
      profile: (p) => out(profileJson(p)),
      end: (s) => out(JSON.stringify({ testAccuracy: s.testAccuracy, ...(s.exported ? { exported: s.exported } : {}) })),
    };
  }
  if (options.quiet) {
    return { profile: (p) => out(formatProfileReport(p)), end: (s) => out(`test accuracy ${fixed(s.testAccuracy, 4)}`) };
  }

  const drawBar = options.progressBar ?? stderr.isTTY === true;
  let epochs = 0;
  let bar: cliProgress.SingleBar | undefined;
  let profile: ProfileReport | undefined;
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
      if (profile) out(formatProfileReport(profile));
      profile = undefined;
    },
    abort: () => {
      bar?.stop();
      bar = undefined;
    },
    profile: (p) => {
      // Printed after the epoch's bar is gone, so the bar cannot tear the table.
      profile = p;
    },
    end: (s: TrainSummary) => {
      out(`test accuracy ${fixed(s.testAccuracy, 4)}`);
      if (s.exported)
        err(`Wrote the frozen graph ${s.exported.path} (${s.exported.nodes} nodes; outputs logits, probabilities; input x:0).`);
      err(`Done in ${s.seconds.toFixed(1)} s.`);
    },
  };
}
