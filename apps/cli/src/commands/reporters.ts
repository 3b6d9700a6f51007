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
import type { EpochResult, ProfileReport, RestoredFrom, StepProgress, TrainReporter, TrainStart, TrainSummary } from './train-mnist.js';

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

/** The `tf train mnist` result line of an epoch (`step`: the global step at its end). */
export function formatEpoch(r: EpochResult, epochs: number): string {
  return (
    `epoch ${r.epoch}/${epochs}  step ${r.globalStep}  loss ${fixed(r.loss, 4)}  validation accuracy ${fixed(r.validationAccuracy, 4)}  ` +
    `${count(r.samplesPerSecond)} samples/s  ${fixed(r.msPerStep, 2)} ms/step`
  );
}

/**
 * The JSON line of an epoch: `{"epoch","globalStep","loss","validationAccuracy","samplesPerSecond","msPerStep"}`,
 * and `"checkpoint"` with `--save`.
 */
export function epochJson(r: EpochResult): string {
  return JSON.stringify({
    epoch: r.epoch,
    globalStep: r.globalStep,
    loss: r.loss,
    validationAccuracy: r.validationAccuracy,
    samplesPerSecond: Math.round(r.samplesPerSecond * 10) / 10,
    msPerStep: Math.round(r.msPerStep * 1000) / 1000,
    ...(r.checkpoint !== undefined ? { checkpoint: r.checkpoint } : {}),
  });
}

/** The final JSON line: `{"testAccuracy","globalStep"}`, and what `--export` / `--save` wrote. */
export function summaryJson(s: TrainSummary): string {
  return JSON.stringify({
    testAccuracy: s.testAccuracy,
    globalStep: s.globalStep,
    ...(s.exported ? { exported: s.exported } : {}),
    ...(s.checkpoint !== undefined ? { checkpoint: s.checkpoint } : {}),
    ...(s.savedModel ? { savedModel: s.savedModel.path } : {}),
  });
}

/** What `--restore` says before training goes on. */
export function formatRestored(r: RestoredFrom, epochs: number, stepsPerEpoch: number): string {
  const where =
    r.epoch > epochs
      ? `nothing left to train for --epochs ${epochs} (${epochs * stepsPerEpoch} steps); raise --epochs to train on`
      : `resuming at epoch ${r.epoch}/${epochs}${r.stepInEpoch > 0 ? `, step ${r.stepInEpoch + 1} of ${stepsPerEpoch}` : ''}`;
  return `Restored ${r.path} (global step ${r.globalStep}): ${where}`;
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
      restored: (r) => {
        if (!options.quiet) out(JSON.stringify({ restored: r }));
      },
      end: (s) => out(summaryJson(s)),
    };
  }
  if (options.quiet) {
    return { profile: (p) => out(formatProfileReport(p)), end: (s) => out(`test accuracy ${fixed(s.testAccuracy, 4)}`) };
  }

  const drawBar = options.progressBar ?? stderr.isTTY === true;
  let epochs = 0;
  let stepsPerEpoch = 0;
  let bar: cliProgress.SingleBar | undefined;
  let profile: ProfileReport | undefined;
  return {
    loading: (source) => err(`Loading ${source}…`),
    start: (info: TrainStart) => {
      const o = info.options;
      epochs = o.epochs;
      stepsPerEpoch = info.stepsPerEpoch;
      const momentum = o.optimizer === 'momentum' ? ', momentum 0.9' : '';
      err(
        `Training a 784-${o.hidden}-10 MLP on ${info.trainSize} examples (${info.validSize} validation, ${info.testSize} test): ` +
          `${o.optimizer} (learning rate ${o.learningRate}${momentum}), batch ${o.batchSize}, ${o.epochs} epoch${o.epochs === 1 ? '' : 's'} ` +
          `× ${info.stepsPerEpoch} steps, seed ${o.seed}, ${o.device}`,
      );
    },
    restored: (r) => err(formatRestored(r, epochs, stepsPerEpoch)),
    epochStart: (epoch, steps, done = 0) => {
      if (!drawBar) return;
      bar = new cliProgress.SingleBar(
        {
          stream: stderr,
          format: `epoch ${epoch}/${epochs} [{bar}] {value}/{total} | step {globalStep} | loss {loss} | {speed} samples/s`,
          barsize: 30,
          clearOnComplete: true,
          noTTYOutput: false,
          hideCursor: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(steps, done, { globalStep: '-', loss: '-', speed: '-' });
    },
    step: (p: StepProgress) => {
      bar?.update(p.step, { globalStep: p.globalStep, loss: fixed(p.meanLoss, 4), speed: count(p.samplesPerSecond) });
    },
    epochEnd: (r) => {
      bar?.stop();
      bar = undefined;
      out(formatEpoch(r, epochs));
      if (r.checkpoint !== undefined) err(`Saved the checkpoint ${r.checkpoint}`);
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
      if (s.savedModel) {
        err(
          s.savedModel.written
            ? `Wrote the SavedModel ${s.savedModel.path} (tag serve; signature serving_default: x → probabilities, logits).`
            : `The SavedModel ${s.savedModel.path} of global step ${s.globalStep} exists already; kept as it is.`,
        );
      }
      err(`Done in ${s.seconds.toFixed(1)} s.`);
    },
  };
}
