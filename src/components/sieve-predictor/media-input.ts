import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { CaptureController } from '../controllers/capture-controller.js';
import type { Locale } from '../i18n/locale-controller.js';
import { mediaUrl } from '../shared/media-url.js';

/** What the media input shows and does. */
export interface MediaInputOptions {
  kind: 'image' | 'audio';
  /** The item being classified, shown as a preview. */
  item?: Blob;
  capture: CaptureController;
  onItem: (item: Blob) => void;
  onError: (message: string) => void;
}

/** The first file of a drop or paste that is of `kind`. */
function fileOf(list: FileList | undefined | null, kind: 'image' | 'audio'): File | undefined {
  return [...(list ?? [])].find((file) => file.type.startsWith(`${kind}/`));
}

/**
 * A media model's input: a drop zone that also takes a paste and opens the file picker (click,
 * Enter or Space), the camera (image models: take a photo) or the microphone (audio models:
 * record, stop), and a preview of what was classified.
 */
export function mediaInput({ t }: Locale, o: MediaInputOptions) {
  const picker = (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) o.onItem(file);
  };
  const open = (zone: HTMLElement) => zone.querySelector<HTMLInputElement>('input[type=file]')?.click();
  const live = o.capture.state;
  const startCapture = () =>
    void (o.kind === 'image' ? o.capture.startCamera() : o.capture.record().then(o.onItem)).catch((error: Error) => o.onError(t.captureFailed(error.message)));
  return html`
    <div part="drop" class="drop" role="button" tabindex="0" aria-label=${o.kind === 'image' ? t.dropImage : t.dropAudio}
      @click=${(e: Event) => open(e.currentTarget as HTMLElement)}
      @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open(e.currentTarget as HTMLElement))}
      @dragover=${(e: DragEvent) => e.preventDefault()}
      @drop=${(e: DragEvent) => {
        e.preventDefault();
        const file = fileOf(e.dataTransfer?.files, o.kind);
        if (file) o.onItem(file);
        else o.onError(o.kind === 'image' ? t.notAnImage : t.notAudio);
      }}
      @paste=${(e: ClipboardEvent) => {
        const file = fileOf(e.clipboardData?.files, o.kind);
        if (file) o.onItem(file);
      }}>
      ${o.kind === 'image' ? t.dropImage : t.dropAudio}
      <input type="file" hidden accept=${`${o.kind}/*`} @change=${picker} @click=${(e: Event) => e.stopPropagation()} />
    </div>
    <p class="capture">
      ${live === 'idle' ? html`<button part="capture" @click=${startCapture}>${o.kind === 'image' ? t.useCamera : t.recordSound}</button>` : nothing}
      ${live === 'recording' ? html`<button part="capture" class="primary" @click=${() => o.capture.stopRecording()}>${t.stopRecording}</button>` : nothing}
      ${live === 'camera'
        ? html`<video class="camera" autoplay playsinline muted aria-label=${t.cameraView} ${ref((v) => v && ((v as HTMLVideoElement).srcObject = o.capture.stream ?? null))}></video>
            <button part="capture" class="primary" @click=${(e: Event) => {
              const video = (e.currentTarget as HTMLElement).parentElement?.querySelector('video');
              if (video) void o.capture.takePhoto(video).then(o.onItem, (error: Error) => o.onError(t.captureFailed(error.message)));
            }}>${t.takePhoto}</button>
            <button @click=${() => o.capture.stop()}>${t.cancel}</button>`
        : nothing}
    </p>
    ${o.item
      ? o.kind === 'image'
        ? html`<img part="preview" class="preview" src=${mediaUrl(o.item)} alt=${t.classifiedImage} />`
        : html`<audio part="preview" class="preview" controls src=${mediaUrl(o.item)} aria-label=${t.classifiedAudio}></audio>`
      : nothing}
  `;
}
