// The demo page: loads the MNIST sample served with the page, finds out whether WebGPU is there,
// and wires the trainer to the controls, the charts, the drawing pad, the graph view, the
// timeline, the program text and save/load. `window.__tfDemo` lets the end-to-end tests read the
// state and force a device loss; URL parameters (`?device=cpu&model=cnn&optimizer=adam&lr=0.001&
// batch=64&evalEvery=10&validation=500`) set the starting point, so a setting can be shared as a link.
import { mnist } from '@tf/datasets';
import sampleUrl from '@tf/datasets/mnist-sample.bin?url';
import { downloadLink } from '../download.js';
import { showBanner, failureBanner } from './banner.js';
import { ProbabilityBars } from './bars.js';
import { formatBytes, LiveChart } from './charts.js';
import { type DeviceKind, probeWebGpu } from './devices.js';
import { DrawPad } from './draw.js';
import { GraphView, placementsOf } from './graph-view.js';
import { type ArtifactKind, exportModel, type LoadedModel, loadFiles, loadUrl } from './model-io.js';
import type { ModelKind, OptimizerKind } from './program.js';
import programSource from './program.ts?raw';
import { renderTimeline } from './timeline.js';
import { type Dataset, Trainer, type TrainerState } from './trainer.js';
import './style.css';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

const banners = $('banners');
const status = $('status');

/** What the tests read (and the device-loss hook). */
export interface DemoHooks {
  state(): TrainerState;
  chartPoints(): Record<string, number>;
  /** Destroys the training GPUDevice, as a driver reset would. */
  loseDevice(): boolean;
  readonly webGpu: { ok: boolean; adapterName?: string; reason?: string };
}

declare global {
  interface Window {
    __tfDemo?: DemoHooks;
  }
}

function select<T extends string>(id: string, fallback: T, param?: string | null): T {
  const element = $<HTMLSelectElement>(id);
  if (param && [...element.options].some((o) => o.value === param)) element.value = param;
  return (element.value || fallback) as T;
}

async function main(): Promise<void> {
  status.textContent = 'Loading the MNIST sample (1.6 MB, served with this page)…';
  const [data, webGpu] = await Promise.all([mnist.load({ source: sampleUrl }) as Promise<Dataset>, probeWebGpu()]);

  const wanted = params.get('device') === 'cpu' ? 'cpu' : 'webgpu';
  let device: DeviceKind = webGpu.ok ? wanted : 'cpu';
  $('adapter-name').textContent = webGpu.ok ? `(${webGpu.adapterName})` : '(not available)';
  $<HTMLInputElement>('device-webgpu').disabled = !webGpu.ok;
  if (!webGpu.ok) {
    showBanner(banners, {
      kind: 'warning',
      reason: 'no-webgpu',
      title: 'No WebGPU here: training on the CPU',
      message: `WebGPU is not available: ${webGpu.reason}.`,
      advice:
        'Everything works on the CPU, only slower. For WebGPU use a recent Chrome or Edge (113+), Safari 26 or Firefox 141+; on Linux Chrome needs --enable-unsafe-webgpu.',
    });
  }

  const settings = {
    model: select<ModelKind>('model', 'mlp', params.get('model')),
    optimizer: select<OptimizerKind>('optimizer', 'sgd', params.get('optimizer')),
    learningRate: Number(select('learning-rate', '0.1', params.get('lr'))),
    batchSize: Number(select('batch-size', '100', params.get('batch'))),
  };
  const evalEvery = Number(params.get('evalEvery') ?? 25);
  const validationSize = Number(params.get('validation') ?? 1000);

  // Charts.
  const chartHost = $('charts');
  const charts = {
    loss: new LiveChart(chartHost, {
      id: 'chart-loss',
      title: 'Training loss',
      xLabel: 'Step',
      yLabel: 'Cross-entropy',
      format: (v) => v.toFixed(2),
    }),
    accuracy: new LiveChart(chartHost, {
      id: 'chart-accuracy',
      title: 'Validation accuracy',
      xLabel: 'Epoch',
      yLabel: 'Accuracy',
      format: (v) => `${(v * 100).toFixed(0)}%`,
      yRange: [0, 1],
      points: true,
    }),
    speed: new LiveChart(chartHost, {
      id: 'chart-speed',
      title: 'Samples per second',
      xLabel: 'Step',
      yLabel: 'Samples/s',
      format: (v) => v.toFixed(0),
    }),
    memory: new LiveChart(chartHost, {
      id: 'chart-memory',
      title: 'Device memory in use',
      xLabel: 'Step',
      yLabel: 'Bytes',
      format: formatBytes,
      yFromZero: true,
    }),
  };

  // The predictions of the drawn digit.
  const trainedBars = new ProbabilityBars($('prediction-trained'), 'The model being trained');
  const loadedBars = new ProbabilityBars($('prediction-loaded'), 'The loaded model');
  let loaded: LoadedModel | undefined;
  let image: Float32Array | undefined;
  let predicting = false;
  let predictAgain = false;
  const predictNow = async () => {
    if (predicting) {
      predictAgain = true;
      return;
    }
    predicting = true;
    try {
      do {
        predictAgain = false;
        const current = image;
        trainedBars.show(current ? await trainer.predict(current) : undefined);
        if (loaded) loadedBars.show(current ? await loaded.predict(current) : undefined);
      } while (predictAgain);
    } catch (error) {
      trainedBars.setNote(`Prediction failed: ${describe(error)}`);
    } finally {
      predicting = false;
    }
  };
  const pad = new DrawPad($<HTMLCanvasElement>('pad'), $<HTMLCanvasElement>('preview'), {
    onChange(next) {
      image = next;
      void predictNow();
    },
  });
  $('clear').addEventListener('click', () => pad.clear());
  let sampleIndex = 0;
  $('sample-digit').addEventListener('click', () => {
    const i = sampleIndex++ % data.test.images.shape[0]!;
    pad.clear();
    pad.showDigit((data.test.images.data as Float32Array).subarray(i * 784, (i + 1) * 784));
  });

  // The graph, the timeline and the program.
  const graphView = new GraphView($('graph-view'), $('node-details'));
  $('expand-all').addEventListener('click', () => graphView.expandAll());
  $('collapse-all').addEventListener('click', () => graphView.collapseAll());
  const showProgram = (state: TrainerState) => {
    const s = state.settings;
    const backend = state.device === 'webgpu' ? 'backend: await createWebGpuBackend()' : "device: 'cpu'";
    const driver = `
// ---- How the page drives it, with the settings chosen above ----
// import { mnist, shuffle } from '@tf/datasets';
// import { Session } from '@tf/session';
// import { createWebGpuBackend } from '@tf/kernels-webgpu';
//
// const { train, valid } = await mnist.load({ source: 'mnist-sample.bin' });
// const m = buildModel('${s.model}', '${s.optimizer}');
// const sess = new Session({ graph: m.graph, ${backend} });
// await sess.runAsync(m.init);
// for (let epoch = 0; ; epoch++) {
//   const [images, labels] = shuffle(train.images, train.labels, { seed: epoch });
//   for (let start = 0; start + ${s.batchSize} <= images.shape[0]; start += ${s.batchSize}) {
//     const end = start + ${s.batchSize};
//     const loss = await trainStep(sess, m, images.slice(start, end), labels.slice(start, end), ${s.learningRate});
//   }
//   console.log(\`validation accuracy \${await evaluate(sess, m, valid.images, valid.labels)}\`);
// }
`;
    $('program').querySelector('code')!.textContent = `${programSource.trimEnd()}\n${driver}`;
  };
  $('copy-program').addEventListener('click', async () => {
    const text = $('program').textContent ?? '';
    try {
      await navigator.clipboard.writeText(text);
      $('copy-status').textContent = 'Copied.';
    } catch {
      // No clipboard permission (an insecure context, say): select the text for Ctrl+C instead.
      const range = document.createRange();
      range.selectNodeContents($('program'));
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      $('copy-status').textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });

  // The trainer and its events.
  const startButton = $<HTMLButtonElement>('start');
  /** The device the user picked while the switch to it is under way. */
  let switchingTo: DeviceKind | undefined;
  const updateState = (state: TrainerState) => {
    startButton.textContent = state.running ? 'Pause' : state.step > 0 ? 'Resume' : 'Start';
    startButton.setAttribute('aria-pressed', String(state.running));
    $<HTMLInputElement>(`device-${switchingTo ?? state.device}`).checked = true;
    $('step').textContent = String(state.step);
    $('epoch').textContent = state.epoch.toFixed(2);
    $('model').toggleAttribute('disabled', state.running);
    $('optimizer').toggleAttribute('disabled', state.running);
    const where =
      state.device === 'webgpu'
        ? `WebGPU (${state.adapterName ?? 'adapter'})`
        : webGpu.ok
          ? 'the CPU'
          : 'the CPU (no WebGPU in this browser)';
    status.textContent = switchingTo
      ? `Moving to ${switchingTo === 'webgpu' ? 'WebGPU' : 'the CPU'} (saving the weights, restoring them there)… — step ${state.step}`
      : `${state.running ? 'Training' : state.step > 0 ? 'Paused' : 'Ready'} on ${where} — step ${state.step}`;
    document.body.dataset['device'] = state.device;
    document.body.dataset['running'] = String(state.running);
    showProgram(state);
  };
  let stepsSincePrediction = 0;
  const trainer = new Trainer(
    data,
    settings,
    device,
    {
      step(e) {
        charts.loss.add(e.step, e.loss, e.device);
        charts.speed.add(e.step, e.samplesPerSecond, e.device);
        if (e.memory) charts.memory.add(e.step, e.memory.liveBytes, e.device);
        $('step').textContent = String(e.step);
        $('epoch').textContent = e.epoch.toFixed(2);
        $('loss').textContent = e.loss.toFixed(3);
        status.textContent = status.textContent.replace(/step \d+$/, `step ${e.step}`);
        // Watch the guess change as the model learns.
        if (image && ++stepsSincePrediction >= 10) {
          stepsSincePrediction = 0;
          void predictNow();
        }
      },
      eval(e) {
        charts.accuracy.add(e.epoch, e.accuracy, e.device);
        $('accuracy').textContent = `${(e.accuracy * 100).toFixed(1)}%`;
      },
      trace(result) {
        const summary = renderTimeline($('timeline'), result.metadata, result.step, result.device);
        $('timeline').dataset['devices'] = summary.devices.join(',');
        graphView.setPlacements(placementsOf(result.metadata));
      },
      state: updateState,
      failure(failure) {
        showBanner(
          banners,
          failureBanner(failure, () => void trainer.switchDevice('webgpu')),
        );
      },
    },
    evalEvery,
    validationSize,
  );
  try {
    await trainer.init();
  } catch (error) {
    if (device !== 'webgpu') throw error;
    // WebGPU was there but would not start: train on the CPU instead.
    showBanner(
      banners,
      failureBanner(
        { kind: 'webgpu-start', message: describe(error), recovery: 'training on the CPU instead' },
        () => void trainer.switchDevice('webgpu'),
      ),
    );
    device = 'cpu';
    await trainer.reset();
  }
  graphView.setGraph(trainer.graph);
  updateState(trainer.state());

  const clearCharts = () => {
    for (const chart of Object.values(charts)) chart.clear();
    $('loss').textContent = '–';
    $('accuracy').textContent = '–';
    $('timeline').replaceChildren(Object.assign(document.createElement('p'), { textContent: 'No step traced yet.' }));
  };
  const reset = async (change?: { model?: ModelKind; optimizer?: OptimizerKind }) => {
    clearCharts();
    await trainer.reset(change);
    graphView.setGraph(trainer.graph);
    void predictNow();
  };

  startButton.addEventListener('click', () => {
    if (trainer.state().running) void trainer.pause();
    else trainer.start();
  });
  $('reset').addEventListener('click', () => void reset());
  $('trace').addEventListener('click', () => void trainer.traceStep());
  $('model').addEventListener('change', (e) => void reset({ model: (e.target as HTMLSelectElement).value as ModelKind }));
  $('optimizer').addEventListener('change', (e) => void reset({ optimizer: (e.target as HTMLSelectElement).value as OptimizerKind }));
  $('learning-rate').addEventListener('change', (e) => {
    trainer.settings.learningRate = Number((e.target as HTMLSelectElement).value);
    showProgram(trainer.state());
  });
  $('batch-size').addEventListener('change', (e) => {
    trainer.settings.batchSize = Number((e.target as HTMLSelectElement).value);
    showProgram(trainer.state());
  });
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="device"]')) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      switchingTo = radio.value as DeviceKind;
      void trainer.switchDevice(switchingTo).then(() => {
        switchingTo = undefined;
        updateState(trainer.state());
        void predictNow();
      });
    });
  }
  $('settings').addEventListener('submit', (e) => e.preventDefault());

  // Save and load.
  const downloads = $('downloads');
  const download = async (kind: ArtifactKind, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      const artifact = await exportModel(trainer, kind);
      const link = downloadLink(artifact.filename, artifact.bytes, artifact.type, artifact.filename);
      link.dataset['kind'] = kind;
      const item = document.createElement('li');
      item.append(link, ` — ${artifact.bytes.length.toLocaleString('en')} bytes: ${artifact.contents}`);
      downloads.prepend(item);
      link.click();
    } catch (error) {
      showBanner(banners, {
        kind: 'error',
        reason: 'export',
        title: 'The export failed',
        message: describe(error),
        advice: 'Try again after a few more steps; if it fails again, please report it.',
      });
    } finally {
      button.disabled = false;
    }
  };
  for (const kind of ['checkpoint', 'savedmodel', 'frozen'] as const) {
    const button = $<HTMLButtonElement>(`download-${kind}`);
    button.disabled = false;
    button.addEventListener('click', () => void download(kind, button));
  }
  const loadedStatus = $('loaded-status');
  const useLoaded = async (load: () => Promise<LoadedModel>) => {
    loadedStatus.textContent = 'Loading…';
    try {
      const next = await load();
      loaded?.close();
      loaded = next;
      const inputShape = JSON.stringify(next.input.shape).replaceAll('null', '?');
      loadedStatus.textContent = `Loaded ${next.format} from ${next.source}: ${next.graph.getOperations().length} ops, input ${next.input.name} ${inputShape} → output ${next.output.name}, on ${next.device === 'webgpu' ? 'WebGPU' : 'the CPU'}.`;
      $('prediction-loaded').hidden = false;
      loadedBars.setNote(`${next.format}: ${next.source}`);
      void predictNow();
    } catch (error) {
      loadedStatus.textContent = '';
      showBanner(banners, {
        kind: 'warning',
        reason: 'load',
        title: 'The model did not load',
        message: describe(error),
        advice:
          'Pick a GraphDef (.pb / .pbtxt), a SavedModel .tar, or a TF.js model.json together with its weight files; its input must take 784 (or 28×28) float32 values.',
      });
    }
  };
  $<HTMLInputElement>('load-files').addEventListener('change', (e) => {
    const files = [...((e.target as HTMLInputElement).files ?? [])];
    if (files.length > 0) void useLoaded(() => loadFiles(files, trainer.state().device));
  });
  $('load-url-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const url = $<HTMLInputElement>('load-url').value.trim();
    if (url) void useLoaded(() => loadUrl(url, trainer.state().device));
  });

  for (const id of ['start', 'reset', 'trace']) $<HTMLButtonElement>(id).disabled = false;
  window.__tfDemo = {
    state: () => trainer.state(),
    chartPoints: () => Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, c.points])),
    loseDevice() {
      const backend = trainer.webGpuBackend;
      if (!backend) return false;
      backend.device.destroy();
      return true;
    },
    webGpu: webGpu.ok ? { ok: true, adapterName: webGpu.adapterName } : { ok: false, reason: webGpu.reason },
  };
  document.body.dataset['ready'] = 'true';
}

main().catch((error: unknown) => {
  status.textContent = 'The page could not start.';
  showBanner(banners, {
    kind: 'error',
    reason: 'startup',
    title: 'The demo could not start',
    message: describe(error),
    advice: 'Reload the page. If the MNIST sample did not load, check that mnist-sample.bin is served with the page.',
  });
  document.body.dataset['ready'] = 'error';
});
