import { html, nothing } from 'lit';
import type { EvalMetrics, Run } from '../../store/schema.js';
import { confusionTable } from '../shared/confusion-matrix.js';
import { num, pct } from '../shared/format.js';

/** Per-class precision, recall, F1, ROC-AUC (and AP for multi-label), with the overall figures. */
function classTable(title: string, m: EvalMetrics) {
  const multiLabel = m.mAP !== undefined || m.hammingLoss !== undefined;
  return html`<table part="metrics" aria-label=${`${title} metrics`}>
    <thead>
      <tr><th>${title} (${m.count})</th><th>precision</th><th>recall</th><th>F1</th><th>ROC-AUC</th>${multiLabel ? html`<th>AP</th>` : nothing}<th>support</th></tr>
    </thead>
    <tbody>
      ${Object.entries(m.perClass).map(
        ([label, c]) => html`<tr>
          <td>${label}</td><td>${pct(c.precision)}</td><td>${pct(c.recall)}</td><td>${pct(c.f1)}</td><td>${num(c.rocAuc)}</td>
          ${multiLabel ? html`<td>${num(c.averagePrecision)}</td>` : nothing}<td>${c.support}</td>
        </tr>`,
      )}
    </tbody>
    <tfoot>
      <tr><td>${multiLabel ? 'exact match' : 'accuracy'}</td><td colspan=${multiLabel ? 6 : 5}>${pct(m.accuracy)}</td></tr>
      <tr><td>macro-F1 / micro-F1</td><td colspan=${multiLabel ? 6 : 5}>${pct(m.macroF1)} / ${pct(m.microF1)}</td></tr>
      ${multiLabel ? html`<tr><td>mAP / Hamming loss</td><td colspan="6">${num(m.mAP)} / ${num(m.hammingLoss)}</td></tr>` : nothing}
      <tr><td>log loss / ECE</td><td colspan=${multiLabel ? 6 : 5}>${num(m.loss)} / ${num(m.ece)}</td></tr>
    </tfoot>
  </table>`;
}

/** A finished run's results: per-class tables, confusion matrices and calibration. */
export function metricsView(run: Run) {
  const { validation, test, calibration } = run.metrics;
  return html`<div class="results">
    ${validation ? classTable('validation', validation) : nothing}
    ${test ? classTable('test', test) : nothing}
    <div class="matrices">${validation ? confusionTable('validation', validation) : nothing}${test ? confusionTable('test', test) : nothing}</div>
    ${calibration
      ? html`<p class="calibration">
          Temperature ${num(calibration.temperature, 2)}; validation ECE ${num(calibration.validationEceBefore)} → ${num(calibration.validationEceAfter)}
          ${calibration.testEceAfter !== undefined ? html`; test ECE ${num(calibration.testEceBefore)} → ${num(calibration.testEceAfter)}` : nothing}
          · defaults: ${String(run.params.defaults ?? 'standard')}
        </p>`
      : nothing}
  </div>`;
}
