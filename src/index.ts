// sieve-classifier: the whole API, and the custom elements (importing it defines them).
export * from './core.js';
export { SieveLabeler } from './components/sieve-labeler/sieve-labeler.js';
export { SieveTrainer } from './components/sieve-trainer/sieve-trainer.js';
export { SievePredictor } from './components/sieve-predictor/sieve-predictor.js';
export { SieveRuns } from './components/sieve-runs/sieve-runs.js';
export { SieveImport } from './components/sieve-import/sieve-import.js';
export { SieveScores } from './components/sieve-scores/sieve-scores.js';
export type { SieveEventMap, LabelSetDetail, RunStartedDetail, RunProgressDetail, RunFinishedDetail, PredictionDetail, RunSelectedDetail, ImportDoneDetail, ReviewRangeDetail } from './events/index.js';
export { registerLocale } from './components/i18n/locales.js';
export { en as englishMessages, type Messages } from './components/i18n/en.js';
