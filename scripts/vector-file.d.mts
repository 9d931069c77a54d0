export function encodeVectorFile(input: {
  words: string[];
  dims: number;
  vectors: Float32Array;
  meta: Record<string, unknown>;
}): Uint8Array;
