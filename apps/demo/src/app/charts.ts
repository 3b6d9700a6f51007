// The live charts (uPlot): loss per step, validation accuracy per epoch, samples per second and
// device memory in use. Each series is split by device (WebGPU / CPU) so a switch shows where it
// happened. Each chart is a labelled figure whose aria-label says what it shows and its latest
// value, since a canvas says nothing to a screen reader; points are drawn once per frame at most.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DeviceKind } from './devices.js';

export const DEVICE_COLORS: Record<DeviceKind, string> = { webgpu: '#6c3fc4', cpu: '#d9730d' };
export const DEVICE_LABELS: Record<DeviceKind, string> = { webgpu: 'WebGPU', cpu: 'CPU' };

export interface ChartSpec {
  /** The figure's id (tests look for it) and caption. */
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** How the latest value is said in the aria-label. */
  readonly format: (y: number) => string;
  readonly yRange?: [number, number];
  /** The y axis starts at 0 (amounts such as bytes), its top following the data. */
  readonly yFromZero?: boolean;
  /** Points instead of lines (few values, e.g. one per validation). */
  readonly points?: boolean;
}

/** A chart with one series per device, fed a point at a time. */
export class LiveChart {
  readonly figure: HTMLElement;
  private readonly plotHost: HTMLDivElement;
  private readonly plot: uPlot;
  private readonly xs: number[] = [];
  private readonly ys: Record<DeviceKind, (number | null)[]> = { webgpu: [], cpu: [] };
  private pending = false;
  private last: { x: number; y: number; device: DeviceKind } | undefined;

  constructor(
    parent: HTMLElement,
    private readonly spec: ChartSpec,
  ) {
    this.figure = document.createElement('figure');
    this.figure.className = 'chart';
    this.figure.id = spec.id;
    const caption = document.createElement('figcaption');
    caption.id = `${spec.id}-caption`;
    caption.textContent = spec.title;
    this.plotHost = document.createElement('div');
    this.plotHost.className = 'chart-plot';
    this.plotHost.setAttribute('role', 'img');
    this.plotHost.setAttribute('aria-roledescription', 'chart');
    this.figure.append(caption, this.plotHost);
    parent.append(this.figure);
    this.updateLabel();

    const series = (device: DeviceKind): uPlot.Series => ({
      label: DEVICE_LABELS[device],
      stroke: DEVICE_COLORS[device],
      width: 1.5,
      spanGaps: false,
      points: spec.points ? { show: true, size: 6, fill: DEVICE_COLORS[device] } : { show: false },
      value: (_u, v) => (v == null ? '–' : spec.format(v)),
    });
    this.plot = new uPlot(
      {
        width: Math.max(200, this.plotHost.clientWidth || 320),
        height: 170,
        scales: {
          x: { time: false },
          y: spec.yRange
            ? { range: spec.yRange }
            : spec.yFromZero
              ? { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] }
              : { auto: true },
        },
        axes: [
          { label: spec.xLabel, labelSize: 18, size: 32 },
          { label: spec.yLabel, labelSize: 18, size: 66, values: (_u, ticks) => ticks.map((t) => spec.format(t)) },
        ],
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        series: [{ label: spec.xLabel }, series('webgpu'), series('cpu')],
      },
      [[], [], []],
      this.plotHost,
    );
    new ResizeObserver(() => {
      const width = this.plotHost.clientWidth;
      if (width > 0 && Math.abs(width - this.plot.width) > 1) this.plot.setSize({ width, height: 170 });
    }).observe(this.plotHost);
  }

  /** Number of points so far (tests read it through `data-points`). */
  get points(): number {
    return this.xs.length;
  }

  add(x: number, y: number, device: DeviceKind): void {
    this.xs.push(x);
    // A point on each side of a switch joins the two lines.
    for (const d of ['webgpu', 'cpu'] as const) this.ys[d].push(d === device ? y : null);
    if (this.last && this.last.device !== device) this.ys[this.last.device][this.xs.length - 1] = y;
    this.last = { x, y, device };
    this.schedule();
  }

  clear(): void {
    this.xs.length = 0;
    this.ys.webgpu.length = 0;
    this.ys.cpu.length = 0;
    this.last = undefined;
    this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.xs, this.ys.webgpu, this.ys.cpu]);
      this.updateLabel();
    });
  }

  private updateLabel(): void {
    const { spec, last } = this;
    this.figure.dataset['points'] = String(this.xs.length);
    const latest = last
      ? `; ${this.xs.length} points, latest ${spec.format(last.y)} at ${spec.xLabel.toLowerCase()} ${formatX(last.x)} on ${DEVICE_LABELS[last.device]}`
      : '; no points yet';
    this.plotHost.setAttribute('aria-label', `${spec.title}: ${spec.yLabel} by ${spec.xLabel.toLowerCase()}${latest}`);
  }
}

const formatX = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toFixed(0)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
