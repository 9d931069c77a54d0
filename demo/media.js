// The media demo: a dataset of images or sounds (a dropped or picked folder, a generated sample,
// or captures), labeled, trained and tried with Sieve's elements. The model is a Transformers.js
// image or audio model from a folder of this site: by default the tiny demo models shipped beside
// the library (they see colours, or loudness and pitch, only); nothing is fetched from elsewhere.
import { filesFromDrop, openWorkspace } from '/dist/sieve.js';

const DEMO_MODELS = {
  image: { model: 'sieve-demo/colours', about: 'a tiny model shipped with this demo that sees colours only' },
  audio: { model: 'sieve-demo/pitch', about: 'a tiny model shipped with this demo that hears loudness and pitch only' },
};
const TASKS = { image: 'image-feature-extraction', audio: 'audio-feature-extraction' };
const $ = (selector) => document.querySelector(selector);
const status = $('#status');
const elements = ['#labeler', '#trainer', '#predictor', '#runs'].map($);

let ws;
let kind = localStorage.getItem('sieve-media-demo-kind') ?? 'image';
let dataset;

const datasetName = () => `Media demo: ${kind === 'image' ? 'images' : 'sounds'}`;

/** The model reference the trainer uses: the fields' model and folder, on WASM or WebGPU. */
function modelRef() {
  return { type: 'transformers', task: TASKS[kind], model: $('#model').value.trim(), localModelPath: $('#model-folder').value.trim() };
}

function describeModel() {
  const ref = modelRef();
  const demo = ref.model === DEMO_MODELS[kind].model ? ` (${DEMO_MODELS[kind].about})` : '';
  $('#model-note').textContent =
    `Model: ${ref.model}${demo}, loaded from ${new URL(`${ref.model}/`, new URL(ref.localModelPath, location.href)).href}. ` +
    `For real ${kind === 'image' ? 'photos' : 'recordings'}, put a Transformers.js ${TASKS[kind]} model folder (config.json, preprocessor_config.json, onnx/model.onnx) on your site and name it here.`;
  $('#trainer').backbone = ref;
}

/** Wires the elements to the dataset of the current kind (once it exists). */
async function show() {
  dataset = (await ws.datasets.list()).find((d) => d.name === datasetName());
  $('#window-option').hidden = kind !== 'audio';
  $('#capture').textContent = kind === 'image' ? 'Take a photo' : 'Record 2 seconds';
  $('#capture-label').replaceChildren(...(dataset?.labels ?? []).map((label) => new Option(label, label)));
  for (const element of elements) {
    element.workspace = ws;
    element.datasetId = dataset?.id;
  }
  const count = dataset ? (await ws.datasets.records(dataset.id)).length : 0;
  status.textContent = dataset ? `${count} ${kind === 'image' ? 'images' : 'sounds'} in "${dataset.name}".` : `No ${kind === 'image' ? 'images' : 'sounds'} yet: add a folder or generate a sample.`;
  $('#labeler').refresh?.();
}

/** Imports a folder's files (one subfolder per label) into the dataset, creating it with the folders as labels. */
async function importFiles(files) {
  status.textContent = 'Importing…';
  const options = {
    ...(kind === 'audio' ? { windowSeconds: Number($('#window').value) || 5, sampleRate: 16000 } : {}),
    onProgress: (p) => (status.textContent = `Importing: ${p.phase} ${p.done} of ${p.total}`),
  };
  try {
    const result = await ws.datasets.importFolder(dataset?.id ?? { name: datasetName() }, files, options);
    await show();
    status.textContent = `Imported ${result.added} records.`;
  } catch (error) {
    const problems = (error.problems ?? []).slice(0, 3).map((p) => `${p.value}: ${p.reason}`).join('; ');
    status.textContent = `Nothing imported: ${error.message}${problems ? ` (${problems})` : ''}`;
  }
}

/** A generated sample: warm and cool drawn squares, or low and high tones. */
async function sample() {
  const files = [];
  for (let i = 0; i < 12; i++) {
    if (kind === 'image') {
      for (const [label, colour] of [['warm', `rgb(${215 + (i % 4) * 10}, ${60 + i * 6}, 40)`], ['cool', `rgb(30, ${90 + i * 6}, ${200 + (i % 5) * 10})`]]) {
        const canvas = new OffscreenCanvas(48, 48);
        const g = canvas.getContext('2d');
        g.fillStyle = colour;
        g.fillRect(0, 0, 48, 48);
        g.fillStyle = i % 2 ? '#fff' : '#222';
        g.fillRect((i * 7) % 30, (i * 11) % 30, 12 + (i % 6), 12 + (i % 6));
        files.push({ path: `${label}/${label}-${i}.png`, file: new File([await canvas.convertToBlob()], `${label}-${i}.png`, { type: 'image/png' }) });
      }
    } else {
      for (const [label, frequency] of [['low', 220 + i * 15], ['high', 2200 + i * 60]]) {
        const context = new OfflineAudioContext(1, 16000, 16000);
        const oscillator = new OscillatorNode(context, { frequency });
        oscillator.connect(new GainNode(context, { gain: 0.2 + (i % 5) * 0.1 })).connect(context.destination);
        oscillator.start();
        files.push({ path: `${label}/${label}-${i}.wav`, file: new File([wav(await context.startRendering())], `${label}-${i}.wav`, { type: 'audio/wav' }) });
      }
    }
  }
  await importFiles(files);
}

/** An AudioBuffer's first channel as a 16-bit WAV file. */
function wav(buffer) {
  const samples = buffer.getChannelData(0);
  const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (offset, s) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF'); view.setUint32(4, 36 + samples.length * 2, true); text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
  view.setUint32(24, buffer.sampleRate, true); view.setUint32(28, buffer.sampleRate * 2, true);
  view.setUint16(32, 2, true); view.setUint16(34, 16, true); text(36, 'data'); view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.max(-1, Math.min(1, s)) * 32767, true));
  return view.buffer;
}

/** Adds a photo from the camera, or 2 s from the microphone, as a record of the chosen label. */
async function capture() {
  const label = $('#capture-label').value;
  if (!dataset || !label) {
    status.textContent = 'Add a folder or a sample first: captures go into its labels.';
    return;
  }
  const stream = await navigator.mediaDevices.getUserMedia(kind === 'image' ? { video: true } : { audio: true });
  try {
    let blob;
    if (kind === 'image') {
      const video = $('#camera');
      video.hidden = false;
      video.srcObject = stream;
      await new Promise((resolve) => (video.videoWidth ? resolve() : video.addEventListener('loadeddata', resolve, { once: true })));
      const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
      canvas.getContext('2d').drawImage(video, 0, 0);
      blob = await canvas.convertToBlob();
      video.hidden = true;
    } else {
      const recorder = new MediaRecorder(stream);
      const chunks = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      status.textContent = 'Recording…';
      await new Promise((resolve) => setTimeout(resolve, 2000));
      recorder.stop();
      await stopped;
      blob = new Blob(chunks, { type: recorder.mimeType });
    }
    const { added } = await ws.datasets.addRecords(dataset.id, [{ [kind]: blob, label }]);
    status.textContent = `Added ${added} ${kind === 'image' ? 'photo' : 'recording'} as ${label}.`;
    $('#labeler').refresh?.();
  } finally {
    stream.getTracks().forEach((track) => track.stop());
  }
}

async function main() {
  ws = await openWorkspace({ name: 'sieve-media-demo' });
  $('#kind').value = kind;
  const setModel = () => {
    $('#model').value = DEMO_MODELS[kind].model;
    $('#model-folder').value = new URL('models/', ws.assetsUrl).href;
    describeModel();
  };
  setModel();
  $('#kind').addEventListener('change', async (event) => {
    kind = event.target.value;
    localStorage.setItem('sieve-media-demo-kind', kind);
    setModel();
    await show();
  });
  $('#use-model').addEventListener('click', describeModel);
  $('#folder').addEventListener('change', (event) => void importFiles([...event.target.files]));
  const drop = $('#drop');
  drop.addEventListener('dragover', (event) => (event.preventDefault(), drop.classList.add('over')));
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    await importFiles(await filesFromDrop(event.dataTransfer));
  });
  $('#sample').addEventListener('click', () => void sample());
  $('#capture').addEventListener('click', () => void capture().catch((error) => (status.textContent = `Could not capture: ${error.message}`)));
  $('#runs').addEventListener('sieve-run-selected', (event) => ($('#predictor').runId = event.detail.runId));
  $('#export').addEventListener('click', async () => {
    if (!dataset) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await ws.datasets.exportZip(dataset.id));
    link.download = `${datasetName()}.zip`;
    link.click();
    URL.revokeObjectURL(link.href);
  });
  $('#reset').addEventListener('click', () => {
    ws.close();
    const request = indexedDB.deleteDatabase('sieve:sieve-media-demo');
    request.onsuccess = request.onerror = request.onblocked = () => location.reload();
  });
  await show();
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  status.textContent = `The demo could not start: ${error.message}`;
  status.setAttribute('role', 'alert');
});
