import { fitTemperature } from './calibration.js';
import { probabilities } from '../inference/scores.js';
import { evaluate, targetTest, type Targets } from './metrics.js';
import { tuneThresholds } from './thresholds.js';
import type { ReliabilityBin } from '../store/schema.js';

/** How a run turns logits into scores, fitted on its validation split. */
export interface ScoreCalibration {
  temperature: number;
  /** Multi-label: per-class decision thresholds on the calibrated scores. */
  thresholds?: number[];
  /** ECE of the validation scores before and after temperature scaling (NaN without validation). */
  eceBefore: number;
  eceAfter: number;
  /** The reliability diagram of the validation scores before temperature scaling (after: the validation metrics'). */
  reliabilityBefore?: ReliabilityBin[];
}

/** Fewest validation items a temperature is fitted on; with fewer, scores stay uncalibrated (T = 1). */
export const MIN_CALIBRATION_ITEMS = 30;

/**
 * Fits the temperature (when `mode` is `temperature` and the validation split has at least
 * MIN_CALIBRATION_ITEMS items) and, for multi-label targets, per-class thresholds on the
 * validation logits.
 */
export function calibrateScores(logits: Float32Array | undefined, targets: Targets, classes: number, mode: 'temperature' | 'none'): ScoreCalibration {
  if (!logits || logits.length === 0) return { temperature: 1, eceBefore: NaN, eceAfter: NaN };
  const has = targetTest(targets);
  const enough = targets.classes.length >= MIN_CALIBRATION_ITEMS;
  const temperature = mode === 'temperature' && enough ? fitTemperature(logits, classes, targets.multiLabel, has) : 1;
  const before = probabilities(logits, classes, targets.multiLabel);
  const after = probabilities(logits, classes, targets.multiLabel, temperature);
  const labels = Array.from({ length: classes }, (_, c) => String(c));
  const uncalibrated = evaluate(before, targets, labels);
  return {
    temperature,
    thresholds: targets.multiLabel ? tuneThresholds(after, classes, has) : undefined,
    eceBefore: uncalibrated.ece,
    eceAfter: evaluate(after, targets, labels).ece,
    reliabilityBefore: uncalibrated.reliability,
  };
}
