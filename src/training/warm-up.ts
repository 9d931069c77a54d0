import type { Backbone } from '../backbones/backbone.js';
import { Head } from './head.js';
import { resolveArguments } from './params.js';
import { predictLogits } from './predict.js';
import { trainHead } from './train-loop.js';

/** A few sentences, enough to run every step of featurization once. */
const TEXTS = [
  'Meeting notes: the review of the release is moved to Friday, 3.5 hours.',
  "FREE offer!!! Don't miss it — click here: http://example.com/win?id=42",
  'Les résultats du trimestre sont bons ; merci à toute l’équipe.',
  'patch v2: fix the scheduler race (see commit 1a2b3c)',
];

/**
 * Runs featurization, a few training steps of a throwaway head and a prediction on a handful of
 * texts, so that a page's first real run finds its code compiled and its TensorFlow.js kernels
 * set up (a first run is otherwise about a second slower than the next). Leaves nothing behind.
 */
export async function warmUp(backbone: Backbone): Promise<void> {
  const texts = [...TEXTS, ...TEXTS];
  const features = await backbone.featurize(texts);
  const rows = texts.map((_, i) => i);
  const classes = Int32Array.from(texts, (_, i) => i % 2);
  const args = resolveArguments({ num_train_epochs: 2, per_device_train_batch_size: 4, early_stopping_patience: 0 });
  const head = Head.create({ type: 'linear', hiddenUnits: 8, dropout: 0, dims: backbone.dims, buckets: backbone.buckets, classes: 2 }, 0);
  try {
    const validation = { rows: rows.slice(0, 4), targets: { multiLabel: false as const, classes: classes.slice(0, 4) } };
    await trainHead(head, features, { rows, targets: { multiLabel: false, classes } }, validation, { args, labels: ['a', 'b'] });
    await predictLogits(head, features, rows);
  } finally {
    head.dispose();
  }
}
