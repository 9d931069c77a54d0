/**
 * Mono samples as a WAV file: 32-bit float PCM (format 3; decoding gives the samples back exactly)
 * or 16-bit integer PCM (half the bytes; audio windows cut on import are stored this way).
 */
export function encodeWav(samples: Float32Array, sampleRate: number, bits: 16 | 32 = 32): Blob {
  const bytesPerSample = bits / 8;
  const header = new DataView(new ArrayBuffer(44));
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => header.setUint8(offset + i, c.charCodeAt(0)));
  const bytes = samples.length * bytesPerSample;
  ascii(0, 'RIFF');
  header.setUint32(4, 36 + bytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  header.setUint32(16, 16, true);
  header.setUint16(20, bits === 32 ? 3 : 1, true); // IEEE float, or integer PCM
  header.setUint16(22, 1, true); // mono
  header.setUint32(24, sampleRate, true);
  header.setUint32(28, sampleRate * bytesPerSample, true);
  header.setUint16(32, bytesPerSample, true);
  header.setUint16(34, bits, true);
  ascii(36, 'data');
  header.setUint32(40, bytes, true);
  let data: Float32Array | Int16Array;
  if (bits === 32) data = new Float32Array(samples);
  else {
    data = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) data[i] = Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767);
  }
  return new Blob([header.buffer, data.buffer as ArrayBuffer], { type: 'audio/wav' });
}
