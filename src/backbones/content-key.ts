import { sha256Hex } from '../util/hash.js';
import type { BackboneInput } from './backbone.js';

/** 64-bit hash of a text (two seeded FNV-1a passes) with its length: the text part of a cache key. */
export function textKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}:${text.length}`;
}

/** Hashes of Blobs already read (a Blob's bytes never change). */
const blobKeys = new WeakMap<Blob, Promise<string>>();

/** SHA-256 of a Blob's bytes with its size, computed once per Blob. */
export function blobKey(blob: Blob): Promise<string> {
  let key = blobKeys.get(blob);
  if (!key) {
    key = blob.arrayBuffer().then(async (bytes) => `sha256:${await sha256Hex(new Uint8Array(bytes))}:${blob.size}`);
    blobKeys.set(blob, key);
  }
  return key;
}

/**
 * A key naming an item's content: equal keys, equal content. Texts by a fast 64-bit hash; media
 * by the SHA-256 of their bytes (and an audio window by its range); vectors by their values.
 */
export async function contentKey(input: BackboneInput): Promise<string> {
  if (typeof input === 'string') return textKey(input);
  if (input instanceof Blob) return blobKey(input);
  if (input instanceof Float32Array) return `vector:${await sha256Hex(new Uint8Array(input.buffer, input.byteOffset, input.byteLength))}`;
  const key = await blobKey(input.audio);
  return input.window ? `${key}@${input.window.start}-${input.window.end}` : key;
}

/** Keys of many items: texts at once, media read a few at a time. */
export async function contentKeys(inputs: readonly BackboneInput[]): Promise<string[]> {
  if (inputs.every((input) => typeof input === 'string')) return (inputs as string[]).map(textKey);
  return Promise.all(inputs.map(contentKey));
}
