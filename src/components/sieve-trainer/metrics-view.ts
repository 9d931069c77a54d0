import { html, nothing } from 'lit';
import type { EvalMetrics, Run, RunSelection } from '../../store/schema.js';
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

/** Few-labels runs: the setups cross-validation compared, best first, the averaged ones marked. */
function selectionTable(selection: RunSelection) {
  const order = selection.candidates.map((_, i) => i).sort((a, b) => selection.candidates[b][selection.metric] - selection.candidates[a][selection.metric]);
  return html`<details class="selection" part="selection">
    <summary>
      Model selection: ${selection.folds}-fold cross-validation; the head averages the ${selection.averaged.length} best setups (best:
      ${setupName(selection.candidates[selection.chosen].setup)})
    </summary>
    ${selection.notes.map((note) => html`<p class="note">${note}</p>`)}
    <table aria-label="Setups compared by cross-validation">
      <thead><tr><th>model</th><th>features</th><th>C / α</th><th>accuracy</th><th>macro-F1</th><th>log loss</th></tr></thead>
      <tbody>
        ${order.map((i) => {
          const c = selection.candidates[i];
          const used = selection.averaged.includes(i);
          return html`<tr class=${used ? 'chosen' : ''}>
            <td>${MODEL_NAMES[c.setup.model]}</td><td>${c.setup.views.join(' + ')}${used ? ' (averaged)' : ''}</td><td>${c.setup.regularization}</td><td>${pct(c.accuracy)}</td><td>${pct(c.macroF1)}</td><td>${num(c.loss)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </details>`;
}

const MODEL_NAMES = { logistic: 'logistic regression', 'naive-bayes': 'naive Bayes' } as const;

function setupName(setup: RunSelection['candidates'][number]['setup']): string {
  return `${MODEL_NAMES[setup.model]} on ${setup.views.join(' + ')}, ${setup.model === 'logistic' ? 'C' : 'α'} = ${setup.regularization}`;
}

/** A finished run's results: per-class tables, confusion matrices, calibration and model selection. */
export function metricsView(run: Run) {
  const { validation, test, calibration } = run.metrics;
  return html`<div class="results">
    ${run.selection ? selectionTable(run.selection) : nothing}
    ${validation ? classTable(run.selection ? 'cross-validated' : 'validation', validation) : nothing}
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
