import type { Problem } from '../errors.js';
import type { AudioWindow } from '../store/schema.js';

/** What a record holds to be classified: a text, an image, an audio clip or window, a precomputed vector, or several. */
export interface RecordContent {
  text?: string;
  image?: Blob;
  audio?: Blob;
  window?: AudioWindow;
  vector?: Float32Array;
  imageUrl?: string;
  audioUrl?: string;
}

/** What a caller may pass as a record's content (`vector` as any array of numbers). */
export interface RecordContentInput {
  /** The text to classify, or a caption beside media. */
  text?: string;
  /** An image the browser can decode (PNG, JPEG, WebP, GIF, …). */
  image?: Blob;
  /** An audio clip the browser can decode (WAV, MP3, Ogg, FLAC, …). */
  audio?: Blob;
  /** With `audio` cut from a longer clip: where it lay in that clip, in seconds (and the clip's name). */
  window?: AudioWindow;
  /** Features computed elsewhere; every vector of a dataset has the same length. */
  vector?: Float32Array | readonly number[];
  /** Where the record's image is (a URL, absolute or relative to the page), beside a vector: shown, not stored. */
  imageUrl?: string;
  /** Where the record's audio is (a URL), beside a vector: played, not stored. */
  audioUrl?: string;
}

/**
 * Checks one record's content, pushing a problem per wrong field (naming the value), and returns
 * it as stored. `vectorDims` holds the dataset's vector length, or is set by the first vector seen.
 */
export function checkContent(r: RecordContentInput, index: number | undefined, problems: Problem[], vectorDims: { value?: number }): RecordContent {
  const content: RecordContent = {};
  const has = (field: keyof RecordContentInput) => r[field] !== undefined && r[field] !== null;
  if (!has('text') && !has('image') && !has('audio') && !has('vector')) {
    problems.push({ index, field: 'text', value: r.text, reason: 'a record needs something to classify: "text", "image", "audio" or "vector"' });
    return content;
  }
  if (has('text')) {
    if (typeof r.text !== 'string') problems.push({ index, field: 'text', value: r.text, reason: 'text must be a string' });
    else if (r.text.trim() === '' && !has('image') && !has('audio') && !has('vector')) problems.push({ index, field: 'text', value: r.text, reason: 'text must not be empty' });
    else content.text = r.text;
  }
  for (const field of ['image', 'audio'] as const) {
    if (!has(field)) continue;
    const blob = r[field];
    if (!(blob instanceof Blob)) problems.push({ index, field, value: Object.prototype.toString.call(blob), reason: `${field} must be a Blob or File` });
    else if (blob.size === 0) problems.push({ index, field, value: describeBlob(blob), reason: `${field} is empty (0 bytes)` });
    else if (blob.type !== '' && !blob.type.startsWith(`${field}/`)) problems.push({ index, field, value: describeBlob(blob), reason: `${field} must be ${field === 'image' ? 'an image' : 'audio'} (its type is ${JSON.stringify(blob.type)})` });
    else content[field] = blob;
  }
  if (has('window')) {
    const w = r.window as Partial<AudioWindow>;
    if (!has('audio')) problems.push({ index, field: 'window', value: w, reason: 'a window is audio cut from a clip: give its "audio" too' });
    else if (typeof w !== 'object' || !Number.isFinite(w.start) || !Number.isFinite(w.end) || (w.start as number) < 0 || (w.end as number) <= (w.start as number)) {
      problems.push({ index, field: 'window', value: w, reason: 'window must be { start, end } in seconds with 0 ≤ start < end' });
    } else {
      content.window = { start: w.start as number, end: w.end as number, ...(typeof w.clip === 'string' ? { clip: w.clip } : {}) };
      if (Number.isFinite(w.clipSeconds) && (w.clipSeconds as number) >= w.end!) content.window.clipSeconds = w.clipSeconds;
      const overview = w.overview as unknown;
      if (overview instanceof Float32Array || Array.isArray(overview)) {
        if (overview.length % 2 === 0 && Array.prototype.every.call(overview, (v: unknown) => typeof v === 'number' && Number.isFinite(v))) content.window.overview = Float32Array.from(overview as ArrayLike<number>);
        else problems.push({ index, field: 'window.overview', value: `${overview.length} values`, reason: 'overview must hold finite min, max pairs' });
      }
    }
  }
  if (has('vector')) {
    const vector = checkVector(r.vector, index, problems, vectorDims);
    if (vector) content.vector = vector;
  }
  for (const field of ['imageUrl', 'audioUrl'] as const) {
    if (!has(field)) continue;
    const url = r[field];
    if (typeof url !== 'string' || url.length > 4096 || !URL.canParse(url, 'https://example.org/') || /^\s*javascript:/i.test(url)) {
      problems.push({ index, field, value: typeof url === 'string' ? url.slice(0, 80) : url, reason: `${field} must be a URL (absolute, or relative to the page) of at most 4096 characters` });
    } else content[field] = url;
  }
  return content;
}

/** A vector as stored (a Float32Array of the dataset's length, every value finite), or undefined after pushing the problem. */
function checkVector(value: unknown, index: number | undefined, problems: Problem[], vectorDims: { value?: number }): Float32Array | undefined {
  if (!(value instanceof Float32Array || Array.isArray(value))) {
    problems.push({ index, field: 'vector', value: Object.prototype.toString.call(value), reason: 'vector must be a Float32Array or an array of numbers' });
    return undefined;
  }
  const length = value.length;
  if (length === 0) {
    problems.push({ index, field: 'vector', value: '[]', reason: 'vector must not be empty' });
    return undefined;
  }
  for (let i = 0; i < length; i++) {
    const x = value[i] as unknown;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      problems.push({ index, field: `vector[${i}]`, value: typeof x === 'number' ? String(x) : x, reason: 'every vector value must be a finite number' });
      return undefined;
    }
  }
  if (vectorDims.value === undefined) vectorDims.value = length;
  else if (length !== vectorDims.value) {
    problems.push({ index, field: 'vector', value: `${length} values`, reason: `every vector of this dataset has ${vectorDims.value} values` });
    return undefined;
  }
  return value instanceof Float32Array ? value.slice() : Float32Array.from(value as number[]);
}

/** A Blob as a problem shows it: its name (files), type and size. */
export function describeBlob(blob: Blob): string {
  const name = (blob as File).name;
  return `${name ? `${JSON.stringify(name)}, ` : ''}${blob.type || 'no type'}, ${blob.size} bytes`;
}
