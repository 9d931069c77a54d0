// Run by Node in the consumer folder: imports the package as a server-rendered app would, then
// scores texts with the inference-only runtime from an exported model file on disk.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as main from 'sieve-classifier';
import { loadClassifier } from 'sieve-classifier/predict';

const [modelPath, textsJson] = process.argv.slice(2);
const classifier = await loadClassifier(await readFile(modelPath));
const texts = JSON.parse(textsJson);
const predictions = await classifier.predictBatch(texts);
// The same file named by its path (absolute, and relative to the working folder) and by its URL.
const named = [modelPath, basename(modelPath), pathToFileURL(modelPath)];
const fromFiles = await Promise.all(named.map(async (source) => (await loadClassifier(source)).predictBatch(texts)));
// Its files (the word vectors) from the package's folder named by path, as a server would copy it.
const alike = [...fromFiles, await (await loadClassifier(modelPath, { assetsUrl: join('node_modules', 'sieve-classifier', 'dist') })).predictBatch(texts)];
const missing = await loadClassifier('no-such-model.sieve').then(() => 'loaded', (error) => error.message);
console.log(JSON.stringify({ mainExports: Object.keys(main).length, customElements: typeof globalThis.customElements, predictions, alike, missing }));
