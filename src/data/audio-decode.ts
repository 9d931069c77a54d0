import { SieveError } from '../errors.js';

/** Decodes a clip to mono samples at a rate: Web Audio where there is one, else what the host set (a worker asks its page). */
export type AudioDecoder = (audio: Blob, sampleRate: number) => Promise<Float32Array>;

let hostDecoder: AudioDecoder | undefined;

/** Where Web Audio is missing (workers), the function that decodes for this thread instead. */
export function setAudioDecoder(decoder: AudioDecoder | undefined): void {
  hostDecoder = decoder;
}

/** A clip as its name, type and size (for errors). */
function describe(audio: Blob): string {
  const name = (audio as File).name;
  return `${name ? `${JSON.stringify(name)} ` : ''}(${audio.type || 'no type'}, ${audio.size} bytes)`;
}

/**
 * A whole clip as mono samples at `sampleRate` (channels averaged), decoded and resampled by Web
 * Audio. A clip the browser cannot decode is refused with a SieveError naming it and the reason.
 */
export async function decodeWithWebAudio(audio: Blob, sampleRate: number): Promise<Float32Array> {
  const context = new OfflineAudioContext(1, 1, sampleRate);
  let buffer: AudioBuffer;
  try {
    buffer = await context.decodeAudioData(await audio.arrayBuffer());
  } catch (error) {
    throw new SieveError(`The audio ${describe(audio)} could not be decoded: ${(error as Error)?.message || 'not an audio format this browser reads'}`, { cause: error });
  }
  if (buffer.numberOfChannels === 1) return buffer.getChannelData(0).slice();
  const mono = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / buffer.numberOfChannels;
  }
  return mono;
}

/** A whole clip as mono samples at `sampleRate`: by Web Audio on this thread, else by the decoder the host set. */
export async function decodeAudio(audio: Blob, sampleRate: number): Promise<Float32Array> {
  const decode = typeof OfflineAudioContext !== 'undefined' ? decodeWithWebAudio : hostDecoder;
  if (!decode) throw new SieveError('Decoding audio needs Web Audio, which this thread does not have');
  return decode(audio, sampleRate);
}
