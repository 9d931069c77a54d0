/**
 * Mono samples as a WAV file: 32-bit float PCM (format 3), so decoding gives the samples back
 * exactly. Audio windows cut on import are stored this way.
 */
export function encodeWav(samples: Float32Array, sampleRate: number): Blob {
  const header = new DataView(new ArrayBuffer(44));
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => header.setUint8(offset + i, c.charCodeAt(0)));
  const bytes = samples.length * 4;
  ascii(0, 'RIFF');
  header.setUint32(4, 36 + bytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  header.setUint32(16, 16, true);
  header.setUint16(20, 3, true); // IEEE float
  header.setUint16(22, 1, true); // mono
  header.setUint32(24, sampleRate, true);
  header.setUint32(28, sampleRate * 4, true);
  header.setUint16(32, 4, true);
  header.setUint16(34, 32, true);
  ascii(36, 'data');
  header.setUint32(40, bytes, true);
  const data = new Float32Array(samples);
  return new Blob([header.buffer, data.buffer], { type: 'audio/wav' });
}
