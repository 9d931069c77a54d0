import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Camera and microphone capture for an element: a live camera stream to take a still from, or a
 * microphone recording (MediaRecorder) that ends as a Blob. Streams stop when the element leaves
 * the page or the capture ends.
 */
export class CaptureController implements ReactiveController {
  /** What is live: nothing, the camera (showing in a video element) or a recording. */
  state: 'idle' | 'camera' | 'recording' = 'idle';
  /** The live camera stream, for the video element to show. */
  stream?: MediaStream;
  private recorder?: MediaRecorder;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  /** Opens the camera (the browser asks the user). */
  async startCamera(): Promise<void> {
    this.stop();
    this.stream = await navigator.mediaDevices.getUserMedia({ video: true });
    this.state = 'camera';
    this.host.requestUpdate();
  }

  /** A PNG of the camera's current frame (from the video element showing it); closes the camera. */
  async takePhoto(video: HTMLVideoElement): Promise<Blob> {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth || 320;
    canvas.height = video.videoHeight || 240;
    canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    this.stop();
    return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the camera gave no picture'))), 'image/png'));
  }

  /** Starts recording from the microphone; resolves with the recording once `stopRecording` is called. */
  async record(): Promise<Blob> {
    this.stop();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    this.stream = stream;
    const recorder = new MediaRecorder(stream);
    this.recorder = recorder;
    const chunks: Blob[] = [];
    recorder.addEventListener('dataavailable', (event) => chunks.push(event.data));
    const done = new Promise<Blob>((resolve) => recorder.addEventListener('stop', () => resolve(new Blob(chunks, { type: recorder.mimeType || 'audio/webm' })), { once: true }));
    recorder.start();
    this.state = 'recording';
    this.host.requestUpdate();
    return done;
  }

  /** Ends the recording (its promise resolves). */
  stopRecording(): void {
    if (this.recorder?.state === 'recording') this.recorder.stop();
    this.stopTracks();
  }

  /** Ends whatever is live. */
  stop(): void {
    if (this.recorder?.state === 'recording') this.recorder.stop();
    this.recorder = undefined;
    this.stopTracks();
  }

  private stopTracks(): void {
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = undefined;
    this.state = 'idle';
    this.host.requestUpdate();
  }
}
