import type { Problem } from '../errors.js';
import type { Dataset } from '../store/schema.js';
import { decodeWithWebAudio } from './audio-decode.js';
import { clipPeaks, cutWindows } from './audio-windows.js';
import type { LabelFolderFile } from './folder-files.js';
import type { RecordInput } from './validate-records.js';
import { encodeWav } from './wav.js';

/** How a folder's sounds become records (see `datasets.importFolder`). */
export interface AudioImportOptions {
  /** Cut each clip into windows of this many seconds, each a record (perch-analyzer uses 5); default: one record per clip. */
  windowSeconds?: number;
  /** Sampling rate windows are stored at (mono, 16-bit WAV); default 32000. */
  sampleRate?: number;
}

/** Stretches of a clip's overview stored with each of its windows (2 floats each). */
const OVERVIEW_COLUMNS = 240;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|avif|svg|ico)$/i;
const AUDIO_EXTENSIONS = /\.(wav|mp3|ogg|oga|opus|flac|m4a|aac|webm)$/i;

/** What a file holds, by its type or else its name's extension; undefined for anything else. */
export function mediaKind(path: string, file: Blob): 'image' | 'audio' | undefined {
  if (file.type.startsWith('image/') || (!file.type && IMAGE_EXTENSIONS.test(path))) return 'image';
  if (file.type.startsWith('audio/') || (!file.type && AUDIO_EXTENSIONS.test(path))) return 'audio';
  return undefined;
}

/** The image decoded and let go: undefined when the browser reads it, else why not. */
async function imageProblem(file: Blob): Promise<string | undefined> {
  try {
    (await createImageBitmap(file)).close();
    return undefined;
  } catch (error) {
    return `not an image this browser can decode (${(error as Error)?.message || 'unreadable'})`;
  }
}

/**
 * The records of a folder's files, in path order, each checked by decoding it: an image is one
 * record; a sound is one record, or one per window of `windowSeconds`. `label(folder)` maps a
 * label folder to the record's label (null: unlabeled; undefined: not a label, a problem). Every
 * problem names the file's path and row (its place in path order, from 1).
 */
export async function folderRecords(
  dataset: Dataset,
  files: readonly LabelFolderFile[],
  label: (folder: string) => string | null | undefined,
  options: AudioImportOptions,
  onFile: (done: number) => void,
  signal?: AbortSignal,
): Promise<{ inputs: RecordInput[]; rows: number[]; problems: Problem[] }> {
  const inputs: RecordInput[] = [];
  const rows: number[] = [];
  const problems: Problem[] = [];
  const rate = options.sampleRate ?? 32000;
  for (let i = 0; i < files.length; i++) {
    signal?.throwIfAborted();
    const { folder, path, file } = files[i];
    const row = i + 1;
    const kind = mediaKind(path, file);
    const given = label(folder);
    if (given === undefined) problems.push({ row, field: 'label', value: folder, reason: `the folder "${folder}" is not a label of the dataset (labels: ${dataset.labels.join(', ')})` });
    if (!kind) {
      problems.push({ row, field: 'file', value: path, reason: `not an image or audio file (type ${JSON.stringify(file.type)})` });
    } else if (kind === 'image') {
      const why = await imageProblem(file);
      if (why) problems.push({ row, field: 'image', value: path, reason: why });
      else if (given !== undefined) {
        inputs.push({ id: path, image: file, ...(given !== null ? { label: given } : {}) });
        rows.push(row);
      }
    } else {
      let samples: Float32Array | undefined;
      try {
        if (options.windowSeconds !== undefined) samples = await decodeWithWebAudio(file, rate);
        else await decodeWithWebAudio(file, 8000);
      } catch (error) {
        problems.push({ row, field: 'audio', value: path, reason: `not audio this browser can decode (${(error as Error).message.replace(/^.*could not be decoded: /, '')})` });
        onFile(row);
        continue;
      }
      if (given !== undefined && samples) {
        // Each window carries the clip's overview, so that a labeler shows where it lies.
        const overview = clipPeaks(samples, OVERVIEW_COLUMNS);
        const clipSeconds = samples.length / rate;
        for (const w of cutWindows(samples, rate, options.windowSeconds as number)) {
          inputs.push({ id: `${path}#${w.start}`, audio: encodeWav(w.samples, rate, 16), window: { start: w.start, end: w.end, clip: path, clipSeconds, overview }, ...(given !== null ? { label: given } : {}) });
          rows.push(row);
        }
      } else if (given !== undefined) {
        inputs.push({ id: path, audio: file, ...(given !== null ? { label: given } : {}) });
        rows.push(row);
      }
    }
    onFile(row);
  }
  return { inputs, rows, problems };
}
