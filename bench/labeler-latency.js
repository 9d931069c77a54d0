// Key press → next record shown in <sieve-labeler>, shared by the text (`labeler`) and media
// (`media`) sections of the benchmark page.

/**
 * Opens a labeler on `datasetId` and times `presses` presses of a labeling key, then of ArrowDown:
 * from the press to the next record shown (its DOM updated, then `shown(labeler)` settled, e.g.
 * its image decoded), with a pause between presses as a person's pace would leave. Returns the
 * seconds it took to open and each key's p50 and p95 in ms.
 */
export async function timeLabelerKeys(ws, datasetId, presses, shown = async () => undefined) {
  const labeler = document.createElement('sieve-labeler');
  document.body.append(labeler);
  labeler.workspace = ws;
  labeler.datasetId = datasetId;
  const hint = () => labeler.shadowRoot?.querySelector('.hint')?.textContent ?? '';
  const t1 = performance.now();
  while (!hint().startsWith('Record 1 of')) await new Promise((r) => setTimeout(r, 10));
  const openSeconds = (performance.now() - t1) / 1000;
  const panel = labeler.shadowRoot.querySelector('.panel');
  const measure = async (key) => {
    const times = [];
    for (let i = 0; i < presses; i++) {
      const before = hint();
      const start = performance.now();
      panel.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
      await labeler.updateComplete;
      while (hint() === before) await new Promise((r) => setTimeout(r, 0));
      await shown(labeler);
      times.push(performance.now() - start);
      // Let the answer's write finish before the next press, as a person's pace would.
      await new Promise((r) => setTimeout(r, 5));
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)] };
  };
  const label = await measure('1');
  const arrow = await measure('ArrowDown');
  labeler.remove();
  return { openSeconds, label, arrow };
}
