import { html, nothing } from 'lit';
import type { EvalMetrics, Run, RunSelection } from '../../store/schema.js';
import type { Locale } from '../i18n/locale-controller.js';
import { confusionTable } from '../shared/confusion-matrix.js';
import { evaluationFigures } from './evaluation-charts.js';

/** Per-class precision, recall, F1, ROC-AUC (and AP for multi-label), with the overall figures. */
function classTable({ t, f }: Locale, title: string, m: EvalMetrics) {
  const multiLabel = m.mAP !== undefined || m.hammingLoss !== undefined;
  const span = multiLabel ? 6 : 5;
  return html`<table part="metrics" class="stack" aria-label=${t.metricsTable(title)}>
    <thead>
      <tr><th scope="col">${title} (${f.int(m.count)})</th><th scope="col">${t.precision}</th><th scope="col">${t.recall}</th><th scope="col">${t.f1}</th><th scope="col">${t.rocAuc}</th>${multiLabel ? html`<th scope="col">${t.averagePrecision}</th>` : nothing}<th scope="col">${t.support}</th></tr>
    </thead>
    <tbody>
      ${Object.entries(m.perClass).map(
        ([label, c]) => html`<tr>
          <th scope="row">${label}</th><td data-label=${t.precision}>${f.pct(c.precision)}</td><td data-label=${t.recall}>${f.pct(c.recall)}</td><td data-label=${t.f1}>${f.pct(c.f1)}</td><td data-label=${t.rocAuc}>${f.num(c.rocAuc)}</td>
          ${multiLabel ? html`<td data-label=${t.averagePrecision}>${f.num(c.averagePrecision)}</td>` : nothing}<td data-label=${t.support}>${f.int(c.support)}</td>
        </tr>`,
      )}
    </tbody>
    <tfoot>
      <tr><th scope="row">${multiLabel ? t.exactMatch : t.accuracy}</th><td colspan=${span}>${f.pct(m.accuracy)}</td></tr>
      <tr><th scope="row">${t.macroMicroF1}</th><td colspan=${span}>${f.pct(m.macroF1)} / ${f.pct(m.microF1)}</td></tr>
      ${multiLabel ? html`<tr><th scope="row">${t.mapHamming}</th><td colspan="6">${f.num(m.mAP)} / ${f.num(m.hammingLoss)}</td></tr>` : nothing}
      <tr><th scope="row">${t.logLossEce}</th><td colspan=${span}>${f.num(m.loss)} / ${f.num(m.ece)}</td></tr>
    </tfoot>
  </table>`;
}

/** Few-labels runs: the setups cross-validation compared, best first, those in the head marked with their share. */
function selectionTable(locale: Locale, selection: RunSelection) {
  const { t, f } = locale;
  const order = selection.candidates.map((_, i) => i).sort((a, b) => selection.candidates[b][selection.metric] - selection.candidates[a][selection.metric]);
  return html`<details class="selection" part="selection">
    <summary>${t.selectionSummary(f.int(selection.folds), f.int(selection.averaged.length), setupName(locale, selection.candidates[selection.chosen].setup))}</summary>
    ${selection.notes.map((note) => html`<p class="note">${note}</p>`)}
    <table class="stack" aria-label=${t.selectionTable}>
      <thead><tr><th scope="col">${t.model} · ${t.features}</th><th scope="col">${t.regularization}</th><th scope="col">${t.accuracy}</th><th scope="col">${t.macroF1}</th><th scope="col">${t.logLoss}</th></tr></thead>
      <tbody>
        ${order.map((i) => {
          const c = selection.candidates[i];
          const member = selection.averaged.indexOf(i);
          const used = member >= 0;
          // Runs stored before shares existed averaged their members equally.
          const share = selection.shares?.[member] ?? 1 / selection.averaged.length;
          return html`<tr class=${used ? 'chosen' : ''}>
            <th scope="row">${t.modelNames[c.setup.model]} · ${c.setup.views.join(' + ')}${used ? ` ${t.averaged(f.pct(share))}` : ''}</th><td data-label=${t.regularization}>${f.value(c.setup.regularization)}</td><td data-label=${t.accuracy}>${f.pct(c.accuracy)}</td><td data-label=${t.macroF1}>${f.pct(c.macroF1)}</td><td data-label=${t.logLoss}>${f.num(c.loss)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </details>`;
}

function setupName({ t, f }: Locale, setup: RunSelection['candidates'][number]['setup']): string {
  return t.setupName(t.modelNames[setup.model], setup.views.join(' + '), setup.model === 'logistic' ? 'C' : 'α', f.value(setup.regularization));
}

/** A finished run's results: per-class tables, confusion matrices, calibration and model selection. */
export function metricsView(locale: Locale, run: Run) {
  const { t, f } = locale;
  const { validation, test, calibration } = run.metrics;
  const validationTitle = run.selection ? t.crossValidated : t.splitValidation;
  return html`<div class="results">
    ${run.selection ? selectionTable(locale, run.selection) : nothing}
    ${validation ? classTable(locale, validationTitle, validation) : nothing}
    ${test ? classTable(locale, t.splitTest, test) : nothing}
    <div class="matrices">${validation ? confusionTable(locale, t.splitValidation, validation) : nothing}${test ? confusionTable(locale, t.splitTest, test) : nothing}</div>
    ${evaluationFigures(locale, run, validationTitle)}
    ${calibration
      ? html`<p class="calibration">
          ${t.calibrationLine(f.num(calibration.temperature, 2), f.num(calibration.validationEceBefore), f.num(calibration.validationEceAfter))}${calibration.testEceAfter !== undefined
            ? t.calibrationTest(f.num(calibration.testEceBefore), f.num(calibration.testEceAfter))
            : ''}${t.defaultsUsed(String(run.params.defaults ?? 'standard'))}
        </p>`
      : nothing}
  </div>`;
}
