// A worker thread for the `score` bench section: the same model and texts as the page's rounds,
// scored by the package's Node build with `predictBatch` (no parsing, no output), in batches of
// the command's size. Each message runs one round and answers with its rate (texts/s): the engine
// the command runs on, beside the page's, with nothing of the command's own work in it.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { library, model, texts, batch } = workerData;
const { loadClassifier } = await import(pathToFileURL(library).href);
const classifier = await loadClassifier(pathToFileURL(model));
const round = async () => {
  const start = performance.now();
  for (let i = 0; i < texts.length; i += batch) await classifier.predictBatch(texts.slice(i, i + batch));
  return texts.length / ((performance.now() - start) / 1000);
};
await round(); // warm, as the page's rounds are
parentPort.on('message', async () => parentPort.postMessage(await round()));
parentPort.postMessage('ready');
