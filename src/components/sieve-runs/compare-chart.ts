import { html } from 'lit';
import type { Messages } from '../i18n/en.js';
import type { Locale } from '../i18n/locale-controller.js';
import { ContainerChart } from '../shared/container-chart.js';
import type { Run } from '../../store/schema.js';

/** Validation-loss curves of several runs overlaid, by epoch (uPlot). */
export class CompareChart extends ContainerChart {
  constructor(
    container: HTMLElement,
    private readonly t: Messages,
  ) {
    super(container);
  }

  /** Draws the runs' curves (replacing any earlier chart). */
  show(runs: readonly Run[]): void {
    const { epochs, series } = lossByEpoch(runs);
    const t = this.t;
    this.draw(
      ({ series: colours, axis }) => ({
        scales: { x: { time: false } },
        axes: [axis({ label: t.epoch }), axis({ label: t.validationLoss })],
        series: [{ label: t.epoch }, ...runs.map((r, i) => ({ label: `${r.experiment} · ${r.id.slice(0, 8)}`, stroke: colours[i % colours.length], width: 2, spanGaps: true }))],
      }),
      [epochs, ...series],
    );
  }
}

/** The runs' validation losses aligned on the epochs any of them reached (null where one has none). */
function lossByEpoch(runs: readonly Run[]): { epochs: number[]; series: (number | null)[][] } {
  const epochs = [...new Set(runs.flatMap((r) => r.history.map((h) => h.epoch)))].sort((a, b) => a - b);
  const series = runs.map((r) => {
    const byEpoch = new Map(r.history.map((h) => [h.epoch, h.validationLoss]));
    return epochs.map((e) => {
      const loss = byEpoch.get(e);
      return loss !== undefined && Number.isFinite(loss) ? loss : null;
    });
  });
  return { epochs, series };
}

/** The comparison's figure: the canvas (CompareChart draws into `.plot`) and the same numbers in a table. */
export function compareFigure({ t, f }: Locale, runs: readonly Run[], heading: (run: Run) => string) {
  const { epochs, series } = lossByEpoch(runs);
  return html`<figure class="compare-chart">
    <div class="plot" aria-hidden="true"></div>
    <figcaption>
      <details>
        <summary>${t.validationLossPerEpoch}</summary>
        <table aria-label=${t.validationLossPerEpoch}>
          <thead><tr><th scope="col">${t.epoch}</th>${runs.map((r) => html`<th scope="col">${heading(r)}</th>`)}</tr></thead>
          <tbody>${epochs.map((e, i) => html`<tr><td>${f.int(e)}</td>${series.map((s) => html`<td>${f.num(s[i] ?? undefined)}</td>`)}</tr>`)}</tbody>
        </table>
      </details>
    </figcaption>
  </figure>`;
}
