// The model's graph as a DAG, laid out by dagre (@dagrejs/dagre) and drawn as SVG. Name scopes
// (`layer1/`, `loss/`, `gradients/`, the optimizer's `GradientDescent/` or `Adam/`, the Saver's
// `save/`) start folded into one node each; activating a scope (click, Enter or Space) unfolds it
// into a labelled box of its ops and sub-scopes, and activating the box's title folds it again.
// Activating an op shows its type, inputs, outputs (dtype and shape), attributes and the device
// the last traced training step ran it on.
import dagre from '@dagrejs/dagre';
import { formatShapeTuple, type Graph, type Operation, type Tensor } from '@tf/graph';
import type { RunMetadata } from '@tf/session';

const SVG = 'http://www.w3.org/2000/svg';

interface Unit {
  readonly id: string;
  readonly kind: 'op' | 'scope';
  /** The op's or the scope's full name. */
  readonly name: string;
  readonly label: string;
  readonly op?: Operation;
  readonly ops: number;
  readonly parent?: string;
}

/** Where the last traced step ran each op, and the shapes it gave. */
export interface Placement {
  readonly device: string;
  readonly outputShapes: readonly (readonly number[])[];
}

export function placementsOf(metadata: RunMetadata): Map<string, Placement> {
  const placed = new Map<string, Placement>();
  for (const dev of metadata.stepStats.devStats) {
    for (const node of dev.nodeStats) placed.set(node.nodeName, { device: dev.device, outputShapes: node.outputShapes });
  }
  return placed;
}

const parentOf = (name: string) => (name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '');
const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

export class GraphView {
  private graph: Graph | undefined;
  private scopes = new Set<string>();
  private readonly expanded = new Set<string>();
  private placements = new Map<string, Placement>();
  private selected: string | undefined;
  private readonly svgHost: HTMLElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly details: HTMLElement,
  ) {
    this.svgHost = host;
  }

  setGraph(graph: Graph): void {
    this.graph = graph;
    this.scopes = new Set();
    for (const op of graph.getOperations()) {
      for (let p = parentOf(op.name); p !== ''; p = parentOf(p)) this.scopes.add(p);
    }
    for (const s of [...this.expanded]) if (!this.scopes.has(s)) this.expanded.delete(s);
    this.placements = new Map();
    this.render();
  }

  setPlacements(placements: Map<string, Placement>): void {
    this.placements = placements;
    this.host.dataset['placed'] = String(placements.size);
    if (this.selected) this.showDetails(this.selected);
  }

  toggle(scope: string): void {
    if (this.expanded.has(scope)) {
      for (const s of [...this.expanded]) if (s === scope || s.startsWith(`${scope}/`)) this.expanded.delete(s);
    } else {
      this.expanded.add(scope);
      for (let p = parentOf(scope); p !== ''; p = parentOf(p)) this.expanded.add(p);
    }
    this.render(`scope:${scope}`);
  }

  expandAll(): void {
    for (const s of this.scopes) this.expanded.add(s);
    this.render();
  }

  collapseAll(): void {
    this.expanded.clear();
    this.render();
  }

  /** The unit an op is drawn as: itself, or the outermost folded scope around it. */
  private unitOf(name: string): string {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const scope = parts.slice(0, i).join('/');
      if (!this.expanded.has(scope)) return `scope:${scope}`;
    }
    return this.scopes.has(name) && !this.expanded.has(name) ? `scope:${name}` : `op:${name}`;
  }

  private units(): Map<string, Unit> {
    const units = new Map<string, Unit>();
    for (const op of this.graph?.getOperations() ?? []) {
      const id = this.unitOf(op.name);
      const existing = units.get(id);
      if (existing) {
        units.set(id, { ...existing, ops: existing.ops + 1 });
        continue;
      }
      const kind = id.startsWith('scope:') ? 'scope' : 'op';
      const name = id.slice(id.indexOf(':') + 1);
      // An op named like a scope (a variable `W1` beside `W1/read`) sits inside that scope's box.
      const container = kind === 'op' && this.expanded.has(name) ? name : parentOf(name);
      units.set(id, {
        id,
        kind,
        name,
        label: baseName(name),
        ...(kind === 'op' ? { op } : {}),
        ops: 1,
        ...(container !== '' ? { parent: `cluster:${container}` } : {}),
      });
    }
    return units;
  }

  private render(focus?: string): void {
    const units = this.units();
    const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
    g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 34, marginx: 12, marginy: 12 });
    g.setDefaultEdgeLabel(() => ({}));
    const clusters = new Set<string>();
    for (const unit of units.values()) {
      const width = Math.max(56, unit.label.length * 7.2 + 22);
      g.setNode(unit.id, { width, height: unit.kind === 'scope' ? 40 : 28 });
      for (let c = unit.parent; c !== undefined; ) {
        const scope = c.slice('cluster:'.length);
        clusters.add(scope);
        const up = parentOf(scope);
        c = up !== '' ? `cluster:${up}` : undefined;
      }
    }
    for (const scope of clusters) {
      g.setNode(`cluster:${scope}`, { width: 0, height: 0, paddingTop: 24 } as never);
      const up = parentOf(scope);
      if (up !== '') g.setParent(`cluster:${scope}`, `cluster:${up}`);
    }
    for (const unit of units.values()) if (unit.parent) g.setParent(unit.id, unit.parent);

    const edges = new Map<string, { from: string; to: string; control: boolean; count: number }>();
    for (const op of this.graph?.getOperations() ?? []) {
      const to = this.unitOf(op.name);
      const add = (from: string, control: boolean) => {
        if (from === to) return;
        const key = `${from}\n${to}`;
        const e = edges.get(key);
        if (e) {
          e.count++;
          e.control &&= control;
        } else edges.set(key, { from, to, control, count: 1 });
      };
      for (const input of op.inputs) add(this.unitOf(input.op.name), false);
      for (const dep of op.controlInputs) add(this.unitOf(dep.name), true);
    }
    for (const e of edges.values()) g.setEdge(e.from, e.to, {});
    dagre.layout(g);

    const { width = 0, height = 0 } = g.graph() as { width?: number; height?: number };
    const svg = document.createElementNS(SVG, 'svg');
    // Shrunk to the panel's width when that keeps the text readable; else scrolled.
    const room = this.host.clientWidth - 2;
    const scale = width > room && room > 0 && room / width >= 0.6 ? room / width : 1;
    svg.setAttribute('width', String(Math.ceil(width * scale)));
    svg.setAttribute('height', String(Math.ceil(height * scale)));
    svg.setAttribute('viewBox', `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`);
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', `The model's graph: ${units.size} nodes and ${edges.size} edges shown`);
    svg.innerHTML =
      '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
      '<path d="M 0 0 L 10 5 L 0 10 z" fill="#8a8fa3"/></marker></defs>';

    // Unfolded scopes: boxes, outermost first, each titled with a button that folds it.
    for (const scope of [...clusters].sort((a, b) => a.split('/').length - b.split('/').length)) {
      const box = g.node(`cluster:${scope}`) as { x: number; y: number; width: number; height: number };
      const group = el('g', { class: 'cluster' });
      group.append(el('rect', { x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height, rx: 8 }));
      const title = this.button(`scope:${scope}`, `${scope}/ — name scope, unfolded. Activate to fold it.`, () => this.toggle(scope));
      title.setAttribute('aria-expanded', 'true');
      title.classList.add('cluster-title');
      const text = el('text', { x: box.x - box.width / 2 + 8, y: box.y - box.height / 2 + 15 });
      text.textContent = `− ${baseName(scope)}/`;
      title.append(text);
      group.append(title);
      svg.append(group);
    }

    for (const e of edges.values()) {
      const points = (g.edge(e.from, e.to) as { points?: { x: number; y: number }[] }).points ?? [];
      if (points.length === 0) continue;
      const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      svg.append(el('path', { d, class: e.control ? 'edge control' : 'edge', 'marker-end': 'url(#arrow)' }));
    }

    for (const unit of units.values()) {
      const n = g.node(unit.id) as { x: number; y: number; width: number; height: number };
      const scope = unit.kind === 'scope';
      const label = scope
        ? `${unit.name}/ — name scope of ${unit.ops} ops, folded. Activate to unfold it.`
        : `${unit.name} — ${unit.op!.type} op. Activate for its details.`;
      const node = this.button(unit.id, label, () => (scope ? this.toggle(unit.name) : this.select(unit.id)));
      node.classList.add('node', scope ? 'scope' : category(unit.op!));
      if (scope) node.setAttribute('aria-expanded', 'false');
      if (this.selected === unit.id) node.classList.add('selected');
      node.append(el('rect', { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height, rx: scope ? 10 : 4 }));
      const text = el('text', { x: n.x, y: scope ? n.y - 3 : n.y + 4, 'text-anchor': 'middle' });
      text.textContent = scope ? `+ ${unit.label}` : unit.label;
      node.append(text);
      if (scope) {
        const sub = el('text', { x: n.x, y: n.y + 12, 'text-anchor': 'middle', class: 'sub' });
        sub.textContent = `${unit.ops} ops`;
        node.append(sub);
      }
      const tip = el('title', {});
      tip.textContent = scope ? `${unit.name}/ (${unit.ops} ops)` : `${unit.name} (${unit.op!.type})`;
      node.append(tip);
      svg.append(node);
    }

    this.svgHost.replaceChildren(svg);
    this.host.dataset['nodes'] = String(units.size);
    this.host.dataset['expanded'] = [...this.expanded].sort().join(',');
    if (focus) (svg.querySelector(`[data-id="${CSS.escape(focus)}"]`) as SVGGElement | null)?.focus();
  }

  private button(id: string, label: string, activate: () => void): SVGGElement {
    const g = el('g', { tabindex: 0, role: 'button', 'aria-label': label, 'data-id': id }) as SVGGElement;
    g.addEventListener('click', activate);
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        activate();
      }
    });
    return g;
  }

  private select(id: string): void {
    this.selected = id;
    for (const n of this.svgHost.querySelectorAll('.node.selected')) n.classList.remove('selected');
    this.svgHost.querySelector(`[data-id="${CSS.escape(id)}"]`)?.classList.add('selected');
    this.showDetails(id);
  }

  private showDetails(id: string): void {
    const op = this.graph?.getOperations().find((o) => `op:${o.name}` === id);
    if (!op) return;
    const placed = this.placements.get(op.name);
    const tensor = (t: Tensor, runtime?: readonly number[]) =>
      `<code>${escapeHtml(t.name)}</code> ${t.dtype} ${escapeHtml(formatShapeTuple(t.shape))}${runtime ? ` (ran as ${escapeHtml(formatShapeTuple(runtime))})` : ''}`;
    const attrs = Object.entries(op.attrs)
      .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v))
      .map(([k, v]) => `<li><code>${escapeHtml(k)}</code>: ${escapeHtml(JSON.stringify(v))}</li>`)
      .join('');
    const device = placed
      ? `<code>${escapeHtml(placed.device)}</code> (the last traced training step)`
      : this.placements.size > 0
        ? 'not run by the traced training step (an initializer, a saver op, an inference-only op, or fused into the next op)'
        : 'not traced yet: start training (the third step is traced)';
    this.details.innerHTML = `
      <h3><code>${escapeHtml(op.name)}</code></h3>
      <dl>
        <dt>Type</dt><dd><code>${escapeHtml(op.type)}</code></dd>
        <dt>Device</dt><dd>${device}${op.device ? `; requested <code>${escapeHtml(op.device)}</code>` : ''}</dd>
        <dt>Inputs</dt><dd>${op.inputs.length ? `<ul>${op.inputs.map((t) => `<li>${tensor(t)}</li>`).join('')}</ul>` : 'none'}${
          op.controlInputs.length ? `<p>control: ${op.controlInputs.map((o) => `<code>${escapeHtml(o.name)}</code>`).join(', ')}</p>` : ''
        }</dd>
        <dt>Outputs</dt><dd>${op.outputs.length ? `<ul>${op.outputs.map((t, i) => `<li>${tensor(t, placed?.outputShapes[i])}</li>`).join('')}</ul>` : 'none'}</dd>
        ${attrs ? `<dt>Attributes</dt><dd><ul>${attrs}</ul></dd>` : ''}
      </dl>`;
    this.details.dataset['op'] = op.name;
  }
}

function category(op: Operation): string {
  if (op.type === 'Placeholder' || op.type === 'PlaceholderWithDefault') return 'input';
  if (op.type === 'VariableV2' || op.type === 'Variable') return 'variable';
  if (op.type.startsWith('Apply')) return 'apply';
  if (op.name.startsWith('gradients/')) return 'gradient';
  return 'compute';
}

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
