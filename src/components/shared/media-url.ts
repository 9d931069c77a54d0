/** Most object URLs kept alive at once (the oldest is revoked first). */
const LIMIT = 400;
const urls = new Map<Blob, string>();

/**
 * An object URL for a record's image or audio, made once per Blob and revoked once LIMIT newer
 * ones exist (a virtual list shows a few dozen at a time).
 */
export function mediaUrl(blob: Blob): string {
  let url = urls.get(blob);
  if (url) {
    // Recently used: keep it last.
    urls.delete(blob);
    urls.set(blob, url);
    return url;
  }
  url = URL.createObjectURL(blob);
  urls.set(blob, url);
  if (urls.size > LIMIT) {
    const [oldest, old] = urls.entries().next().value as [Blob, string];
    urls.delete(oldest);
    URL.revokeObjectURL(old);
  }
  return url;
}
