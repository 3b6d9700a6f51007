// The drawing pad: a 280×280 canvas drawn on with a mouse, a pen or a finger (pointer events), or
// with the keyboard (arrow keys move the pen, Space puts it down or lifts it, Delete clears), and
// turned into what MNIST digits look like: the ink's bounding box scaled to fit 20×20, centred by
// its centre of mass in 28×28, white on black, values in [0, 1].

export const SIZE = 280;
const PEN = 20;
const STEP = 10;

export interface DrawPadOptions {
  /** Called (at most once a frame) with the 784 input values whenever the drawing changes. */
  onChange(image: Float32Array | undefined): void;
}

export class DrawPad {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly preview: HTMLCanvasElement;
  private drawing = false;
  private last: { x: number; y: number } | undefined;
  private keyPen = { x: SIZE / 2, y: SIZE / 2, down: false };
  private pending = false;
  private inked = false;

  constructor(
    canvas: HTMLCanvasElement,
    preview: HTMLCanvasElement,
    private readonly options: DrawPadOptions,
  ) {
    this.canvas = canvas;
    this.preview = preview;
    canvas.width = SIZE;
    canvas.height = SIZE;
    preview.width = 28;
    preview.height = 28;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();

    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.drawing = true;
      this.last = this.toCanvas(e);
      this.stroke(this.last, this.last);
      e.preventDefault();
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.drawing) return;
      const point = this.toCanvas(e);
      this.stroke(this.last ?? point, point);
      this.last = point;
    });
    const end = () => {
      this.drawing = false;
      this.last = undefined;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  private toCanvas(e: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * SIZE, y: ((e.clientY - rect.top) / rect.height) * SIZE };
  }

  private onKey(e: KeyboardEvent): void {
    const pen = this.keyPen;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-STEP, 0],
      ArrowRight: [STEP, 0],
      ArrowUp: [0, -STEP],
      ArrowDown: [0, STEP],
    };
    const move = moves[e.key];
    if (move) {
      const from = { x: pen.x, y: pen.y };
      pen.x = Math.min(SIZE - PEN / 2, Math.max(PEN / 2, pen.x + move[0]));
      pen.y = Math.min(SIZE - PEN / 2, Math.max(PEN / 2, pen.y + move[1]));
      if (pen.down) this.stroke(from, pen);
      else this.paintCursor();
    } else if (e.key === ' ' || e.key === 'Enter') {
      pen.down = !pen.down;
      if (pen.down) this.stroke(pen, pen);
      else this.paintCursor();
      this.canvas.setAttribute('aria-description', pen.down ? 'pen down: arrow keys draw' : 'pen up: arrow keys move');
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      this.clear();
    } else {
      return;
    }
    e.preventDefault();
  }

  /** The keyboard pen is a CSS cursor over the canvas (`.pad-cursor`), placed through custom properties. */
  private paintCursor(): void {
    const host = this.canvas.parentElement;
    if (!host) return;
    host.style.setProperty('--pen-x', `${(this.keyPen.x / SIZE) * 100}%`);
    host.style.setProperty('--pen-y', `${(this.keyPen.y / SIZE) * 100}%`);
    host.classList.toggle('pen-down', this.keyPen.down);
  }

  private stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const { ctx } = this;
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = PEN;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y);
    ctx.stroke();
    this.inked = true;
    this.paintCursor();
    this.changed();
  }

  clear(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, SIZE, SIZE);
    this.inked = false;
    this.keyPen.down = false;
    this.paintCursor();
    this.changed();
  }

  /** Draws a 28×28 digit (e.g. one of the test split's) scaled up into the pad. */
  showDigit(values: ArrayLike<number>): void {
    const small = document.createElement('canvas');
    small.width = 28;
    small.height = 28;
    const sctx = small.getContext('2d')!;
    const image = sctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(values[i]! * 255);
      image.data.set([v, v, v, 255], i * 4);
    }
    sctx.putImageData(image, 0, 0);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.drawImage(small, 0, 0, SIZE, SIZE);
    this.inked = true;
    this.changed();
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      const image = this.inked ? this.toMnist() : undefined;
      this.paintPreview(image);
      this.options.onChange(image);
    });
  }

  /** The drawing as MNIST's preprocessing would give it: 784 floats in [0, 1]. */
  toMnist(): Float32Array | undefined {
    const { data } = this.ctx.getImageData(0, 0, SIZE, SIZE);
    let minX = SIZE;
    let minY = SIZE;
    let maxX = -1;
    let maxY = -1;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        if (data[(y * SIZE + x) * 4]! > 20) {
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      }
    }
    if (maxX < 0) return undefined;
    // Fit the ink's box into 20×20, keeping its aspect.
    const w = maxX - minX + 1;
    const h = maxY - minY + 1;
    const scale = 20 / Math.max(w, h);
    const box = document.createElement('canvas');
    box.width = 28;
    box.height = 28;
    const bctx = box.getContext('2d', { willReadFrequently: true })!;
    bctx.fillStyle = '#000';
    bctx.fillRect(0, 0, 28, 28);
    bctx.imageSmoothingEnabled = true;
    bctx.imageSmoothingQuality = 'high';
    const dw = w * scale;
    const dh = h * scale;
    bctx.drawImage(this.canvas, minX, minY, w, h, (28 - dw) / 2, (28 - dh) / 2, dw, dh);
    const boxed = bctx.getImageData(0, 0, 28, 28).data;
    // Centre of mass to the middle (MNIST's last step).
    let mass = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < 784; i++) {
      const v = boxed[i * 4]! / 255;
      mass += v;
      cx += v * (i % 28);
      cy += v * Math.floor(i / 28);
    }
    const dx = Math.round(13.5 - cx / mass);
    const dy = Math.round(13.5 - cy / mass);
    const out = new Float32Array(784);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const sx = x - dx;
        const sy = y - dy;
        if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) out[y * 28 + x] = boxed[(sy * 28 + sx) * 4]! / 255;
      }
    }
    return out;
  }

  private paintPreview(image: Float32Array | undefined): void {
    const pctx = this.preview.getContext('2d')!;
    const out = pctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round((image?.[i] ?? 0) * 255);
      out.data.set([v, v, v, 255], i * 4);
    }
    pctx.putImageData(out, 0, 0);
  }
}
