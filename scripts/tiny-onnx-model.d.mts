export function tinyOnnxModel(embeddings: number[][], options?: { outputRank?: 2 | 3 }): Uint8Array;
export function writeTinyModel(
  dir: string,
  name: string,
  options: { words: string[]; embeddings: number[][]; outputRank?: 2 | 3; omit?: string[]; onnxBytes?: Uint8Array | string },
): string;
