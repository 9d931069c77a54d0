// Run by Node in the consumer folder: imports the package as a server-rendered app would, then
// scores texts with the inference-only runtime from an exported model file on disk.
import { readFile } from 'node:fs/promises';
import * as main from 'sieve-classifier';
import { loadClassifier } from 'sieve-classifier/predict';

const [modelPath, textsJson] = process.argv.slice(2);
const classifier = await loadClassifier(await readFile(modelPath));
const predictions = await classifier.predictBatch(JSON.parse(textsJson));
console.log(JSON.stringify({ mainExports: Object.keys(main).length, customElements: typeof globalThis.customElements, predictions }));
