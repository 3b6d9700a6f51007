// The per-op timeline of one training step, from the step stats a traced run fills in
// (`sess.runAsync(fetches, feeds, { traceLevel: 'FULL_TRACE' }, runMetadata)`): one lane per
// device, one bar per op at its start and for its duration; below, the ops that cost the most and
// the time per op type. On WebGPU an op's time is the time to record its compute pass (the GPU
// runs the passes after the step submits them), which the note under the chart says.
import type { NodeExecStats, RunMetadata } from '@tf/session';

const SVG = 'http://www.w3.org/2000/svg';
const LANE = 34;
const LEFT = 130;

const TYPE_COLORS = [
  '#6c3fc4',
  '#1f77b4',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#d9730d',
];

export interface TimelineSummary {
  readonly ops: number;
  readonly devices: string[];
  readonly totalMicros: number;
}

export function renderTimeline(host: HTMLElement, metadata: RunMetadata, step: number, device: string): TimelineSummary {
  const lanes = metadata.stepStats.devStats.filter((d) => d.nodeStats.length > 0);
  const all = lanes.flatMap((d) => d.nodeStats.map((n) => ({ ...n, device: d.device })));
  host.replaceChildren();
  if (all.length === 0) {
    host.textContent = 'The traced step recorded no ops.';
    return { ops: 0, devices: [], totalMicros: 0 };
  }
  const t0 = Math.min(...all.map((n) => n.allStartMicros));
  const t1 = Math.max(...all.map((n) => n.allStartMicros + n.allEndRelMicros));
  const total = Math.max(1, t1 - t0);
  const types = [...new Set(all.map((n) => n.op))];
  const color = (op: string) => TYPE_COLORS[types.indexOf(op) % TYPE_COLORS.length]!;

  const heading = document.createElement('p');
  heading.className = 'timeline-heading';
  heading.textContent = `Step ${step} on ${device === 'webgpu' ? 'WebGPU' : 'the CPU'}: ${all.length} ops in ${formatMicros(total)}.`;
  host.append(heading);

  const width = 900;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${lanes.length * LANE + 24}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `Timeline of training step ${step}: ${all.length} ops on ${lanes.map((l) => l.device).join(' and ')}, ${formatMicros(total)} in all; the table below lists the costliest ops.`,
  );
  svg.classList.add('timeline');
  const scale = (width - LEFT - 10) / total;
  lanes.forEach((lane, i) => {
    const y = i * LANE + 4;
    const name = document.createElementNS(SVG, 'text');
    name.setAttribute('x', '4');
    name.setAttribute('y', String(y + 19));
    name.textContent = lane.device.replace('/device:', '');
    svg.append(name);
    for (const n of lane.nodeStats) {
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', String(LEFT + (n.allStartMicros - t0) * scale));
      rect.setAttribute('y', String(y));
      rect.setAttribute('width', String(Math.max(1, n.allEndRelMicros * scale)));
      rect.setAttribute('height', String(LANE - 8));
      rect.setAttribute('fill', color(n.op));
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${n.timelineLabel}\n${formatMicros(n.allEndRelMicros)} on ${lane.device}\nout: ${n.outputShapes.map((s) => `[${s.join(',')}]`).join(' ')}`;
      rect.append(title);
      svg.append(rect);
    }
  });
  const axis = document.createElementNS(SVG, 'text');
  axis.setAttribute('x', String(width - 10));
  axis.setAttribute('y', String(lanes.length * LANE + 18));
  axis.setAttribute('text-anchor', 'end');
  axis.textContent = formatMicros(total);
  svg.append(axis);
  const zero = document.createElementNS(SVG, 'text');
  zero.setAttribute('x', String(LEFT));
  zero.setAttribute('y', String(lanes.length * LANE + 18));
  zero.textContent = '0';
  svg.append(zero);
  host.append(svg);

  // Time per op type, as a legend that also colours the bars.
  const byType = new Map<string, number>();
  for (const n of all) byType.set(n.op, (byType.get(n.op) ?? 0) + n.allEndRelMicros);
  const legend = document.createElement('ul');
  legend.className = 'timeline-legend';
  legend.setAttribute('aria-label', 'Time per op type');
  for (const [type, micros] of [...byType].sort((a, b) => b[1] - a[1])) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = color(type);
    item.append(swatch, `${type} ${formatMicros(micros)} (${((micros / sum(all)) * 100).toFixed(0)}%)`);
    legend.append(item);
  }
  host.append(legend);

  const table = document.createElement('table');
  table.className = 'timeline-table';
  table.innerHTML =
    '<caption>The costliest ops of the step</caption><thead><tr><th scope="col">Op</th><th scope="col">Type</th><th scope="col">Device</th><th scope="col">Output shapes</th><th scope="col">Time</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const n of [...all].sort((a, b) => b.allEndRelMicros - a.allEndRelMicros).slice(0, 12)) {
    const row = document.createElement('tr');
    for (const cell of [
      n.nodeName,
      n.op,
      n.device.replace('/device:', ''),
      n.outputShapes.map((s) => `[${s.join(',')}]`).join(' '),
      formatMicros(n.allEndRelMicros),
    ]) {
      const td = document.createElement('td');
      td.textContent = cell;
      row.append(td);
    }
    body.append(row);
  }
  table.append(body);
  host.append(table);
  host.dataset['ops'] = String(all.length);
  return { ops: all.length, devices: lanes.map((l) => l.device), totalMicros: total };
}

const sum = (nodes: readonly NodeExecStats[]) =>
  Math.max(
    1,
    nodes.reduce((s, n) => s + n.allEndRelMicros, 0),
  );

function formatMicros(micros: number): string {
  return micros >= 1000 ? `${(micros / 1000).toFixed(micros >= 10_000 ? 0 : 1)} ms` : `${micros.toFixed(0)} µs`;
}
