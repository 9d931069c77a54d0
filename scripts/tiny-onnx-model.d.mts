export function tinyOnnxModel(embeddings: number[][], options?: { outputRank?: 2 | 3 }): Uint8Array;
export function writeTinyModel(
  dir: string,
  name: string,
  options: { words: string[]; embeddings: number[][]; outputRank?: 2 | 3; omit?: string[]; onnxBytes?: Uint8Array | string },
): string;
export function tinyImageOnnx(weights: number[][]): Uint8Array;
export function tinyAudioOnnx(weights: number[][]): Uint8Array;
export function writeTinyImageModel(dir: string, name: string, options: { weights: number[][]; size?: number; omit?: string[] }): string;
export function writeTinyAudioModel(dir: string, name: string, options: { weights: number[][]; samplingRate?: number }): string;
