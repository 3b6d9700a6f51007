// The ten class probabilities as a bar chart of plain HTML (one row per digit), updated in place
// as the user draws; the top class and its probability are said through a live region.

export class ProbabilityBars {
  private readonly rows: { bar: HTMLElement; value: HTMLElement; row: HTMLElement }[] = [];
  private readonly summary: HTMLElement;
  private readonly note: HTMLElement;

  constructor(
    readonly host: HTMLElement,
    title: string,
  ) {
    const heading = document.createElement('h3');
    heading.textContent = title;
    this.note = document.createElement('p');
    this.note.className = 'hint bars-note';
    const list = document.createElement('ol');
    list.className = 'bars';
    list.start = 0;
    list.setAttribute('aria-label', `${title}: probability of each digit`);
    for (let digit = 0; digit < 10; digit++) {
      const row = document.createElement('li');
      const label = document.createElement('span');
      label.className = 'digit';
      label.textContent = String(digit);
      const track = document.createElement('span');
      track.className = 'track';
      track.setAttribute('aria-hidden', 'true');
      const bar = document.createElement('span');
      bar.className = 'bar';
      track.append(bar);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = '–';
      row.append(label, track, value);
      list.append(row);
      this.rows.push({ bar, value, row });
    }
    this.summary = document.createElement('p');
    this.summary.className = 'prediction';
    this.summary.setAttribute('role', 'status');
    this.summary.setAttribute('aria-live', 'polite');
    this.summary.textContent = 'Draw a digit to see what the model thinks it is.';
    host.replaceChildren(heading, this.note, list, this.summary);
  }

  setNote(text: string): void {
    this.note.textContent = text;
  }

  show(probabilities: readonly number[] | undefined): void {
    if (!probabilities) {
      for (const r of this.rows) {
        r.bar.style.width = '0%';
        r.value.textContent = '–';
        r.row.classList.remove('is-top');
      }
      this.summary.textContent = 'Draw a digit to see what the model thinks it is.';
      delete this.host.dataset['prediction'];
      return;
    }
    const top = probabilities.indexOf(Math.max(...probabilities));
    probabilities.forEach((p, digit) => {
      const r = this.rows[digit]!;
      r.bar.style.width = `${(p * 100).toFixed(1)}%`;
      r.value.textContent = `${(p * 100).toFixed(p >= 0.995 || p < 0.005 ? 0 : 1)}%`;
      r.row.classList.toggle('is-top', digit === top);
    });
    this.summary.textContent = `It's a ${top} (${(probabilities[top]! * 100).toFixed(0)}% sure).`;
    this.host.dataset['prediction'] = String(top);
  }
}
