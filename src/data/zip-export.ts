import { Zip, ZipPassThrough } from 'fflate';
import { SieveError } from '../errors.js';
import type { TextRecord } from '../store/schema.js';
import { yieldToBrowser } from '../util/yield.js';

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/webm': 'webm',
  'audio/mp4': 'm4a',
};

/** A record's file name in the archive: its file's name or import path, a window by its clip and place, else its id. */
function fileName(record: TextRecord, media: Blob): string {
  const base = (path: string) => path.split('/').pop() || path;
  if (record.window?.clip) {
    const stem = base(record.window.clip).replace(/\.[^.]+$/, '');
    return `${stem}_${record.window.start.toFixed(3)}-${record.window.end.toFixed(3)}s.wav`;
  }
  const name = (media as File).name || base(record.id);
  const extension = EXTENSIONS[media.type];
  return extension && !name.toLowerCase().endsWith(`.${extension}`) && !/\.[a-z0-9]{2,5}$/i.test(name) ? `${name}.${extension}` : name;
}

/**
 * The image and audio records of a single-label dataset as a ZIP archive in the layout
 * `importFolder` reads: one folder per label (`unlabeledFolder` for unlabeled records), each file
 * stored byte for byte (no compression: media are compressed already). Records without media
 * are not in it (JSONL or CSV export carries texts and vectors).
 */
export async function zipMedia(records: readonly TextRecord[], unlabeledFolder: string): Promise<{ zip: Blob; files: number }> {
  const parts: Uint8Array[] = [];
  let failure: Error | undefined;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else parts.push(chunk);
  });
  const used = new Set<string>();
  let files = 0;
  for (const record of records) {
    const media = record.image ?? record.audio;
    if (!media) continue;
    const folder = record.label ?? unlabeledFolder;
    let path = `${folder}/${fileName(record, media)}`;
    for (let n = 2; used.has(path); n++) path = `${folder}/${fileName(record, media).replace(/(\.[^.]+)?$/, `-${n}$1`)}`;
    used.add(path);
    const entry = new ZipPassThrough(path);
    zip.add(entry);
    entry.push(new Uint8Array(await media.arrayBuffer()), true);
    files++;
    if (files % 64 === 0) await yieldToBrowser();
  }
  zip.end();
  if (failure) throw new SieveError(`Could not write the ZIP archive: ${failure.message}`, { cause: failure });
  return { zip: new Blob(parts as BlobPart[], { type: 'application/zip' }), files };
}
