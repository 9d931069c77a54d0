import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { TextRecord } from '../../store/schema.js';
import type { Locale } from '../i18n/locale-controller.js';
import { mediaUrl } from '../shared/media-url.js';
import { drawPeaks, drawWaveform } from '../shared/waveform.js';

/** What names a media record in words: its caption, else its file name or clip and window. */
export function mediaName({ f }: Locale, r: TextRecord): string {
  if (r.text) return r.text;
  const name = (r.image as File | undefined)?.name ?? r.window?.clip ?? (r.audio as File | undefined)?.name ?? r.imageUrl?.split('/').pop() ?? r.audioUrl?.split('/').pop() ?? r.id;
  return r.window ? `${name} ${f.num(r.window.start, 1)}–${f.num(r.window.end, 1)} s` : name;
}

/** A list row's leading cell: a thumbnail for images, a note for audio, nothing for texts. */
export function rowMedia(r: TextRecord) {
  const image = r.image ? mediaUrl(r.image) : r.imageUrl;
  if (image) return html`<img class="thumb" src=${image} alt="" loading="lazy" decoding="async" />`;
  if (r.audio || r.audioUrl) return html`<span class="thumb audio" aria-hidden="true">♪</span>`;
  return nothing;
}

/**
 * The current record's media: the image (click or Z zooms it) or the audio with its waveform and
 * player (a window record says where it lay in its clip); its caption, if any, follows as text.
 */
export function recordMedia(locale: Locale, r: TextRecord, zoomed: boolean, onZoom: () => void) {
  const { t } = locale;
  const name = mediaName(locale, r);
  if (r.image || r.imageUrl) {
    return html`<figure class="media" part="media">
      <img part="image" class=${zoomed ? 'zoomed' : ''} src=${r.image ? mediaUrl(r.image) : (r.imageUrl as string)} alt=${t.recordImage(name)} title=${t.zoomHint} @click=${onZoom} />
    </figure>`;
  }
  if (r.audioUrl && !r.audio) {
    return html`<figure class="media" part="media">
      <audio part="audio" controls preload="metadata" src=${r.audioUrl} aria-label=${t.recordAudio(name)}></audio>
    </figure>`;
  }
  if (r.audio) {
    const audio = r.audio;
    const w = r.window;
    const overview = w?.overview && w.clipSeconds ? { peaks: w.overview, shade: { from: w.start / w.clipSeconds, to: w.end / w.clipSeconds } } : undefined;
    return html`<figure class="media" part="media">
      ${overview && w
        ? html`<canvas part="clip" class="clip" role="img" aria-label=${t.windowInClip(w.clip ?? '', locale.f.num(w.start, 1), locale.f.num(w.end, 1), locale.f.num(w.clipSeconds ?? 0, 1))}
            ${ref((canvas) => canvas && drawPeaks(canvas as HTMLCanvasElement, overview.peaks, overview.shade))}></canvas>`
        : nothing}
      <canvas part="waveform" class="waveform" role="img" aria-label=${t.recordWaveform(name)}
        ${ref((canvas) => canvas && void drawWaveform(canvas as HTMLCanvasElement, audio))}></canvas>
      <audio part="audio" controls preload="metadata" src=${mediaUrl(audio)} aria-label=${t.recordAudio(name)}></audio>
      ${r.window ? html`<figcaption>${name}</figcaption>` : nothing}
    </figure>`;
  }
  return nothing;
}
