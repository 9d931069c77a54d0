import { afterAll, describe, expect, it } from 'vitest';
import '../../src/index.js';
import { englishMessages, registerLocale, type Messages, type SieveImport, type SieveLabeler, type SievePredictor, type SieveRuns, type SieveScores, type SieveTrainer } from '../../src/index.js';
import { fr } from '../../src/components/i18n/fr.js';
import { deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

const until = async (check: () => boolean, ms = 30_000) => {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Everything an element shows or says: its shadow text and the labels, titles and placeholders of its parts. */
function shown(element: Element): string[] {
  const root = element.shadowRoot!;
  const texts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) if (walker.currentNode.textContent!.trim()) texts.push(walker.currentNode.textContent!.trim());
  for (const el of root.querySelectorAll('*')) for (const name of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(name)) texts.push(el.getAttribute(name)!);
  return texts;
}

/** The English table's fixed strings that French translates differently (functions are checked by their output). */
const englishOnly = Object.entries(englishMessages)
  .filter(([key, value]) => typeof value === 'string' && value !== (fr as Record<string, unknown>)[key])
  .map(([, value]) => value as string);

describe('translations', () => {
  it('French ships complete: every key of the English table, each with the same kind of value', () => {
    for (const [key, value] of Object.entries(englishMessages)) {
      const translated = (fr as Record<string, unknown>)[key];
      expect(typeof translated, key).toBe(typeof value);
      if (typeof value === 'object') expect(Object.keys(translated as object).sort(), key).toEqual(Object.keys(value).sort());
    }
    expect(englishOnly.length).toBeGreaterThan(60);
  });

  it('shows every element in French under lang="fr", numbers through Intl, and none of the English strings', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, [...toyRecords(12), { text: 'the striker scored a goal' }]);
    const run = await ws.train({ datasetId: ds.id });
    const page = document.createElement('div');
    page.lang = 'fr-FR';
    document.body.append(page);
    const labeler = document.createElement('sieve-labeler') as SieveLabeler;
    const trainer = document.createElement('sieve-trainer') as SieveTrainer;
    const predictor = document.createElement('sieve-predictor') as SievePredictor;
    const runs = document.createElement('sieve-runs') as SieveRuns;
    const importer = document.createElement('sieve-import') as SieveImport;
    const scores = document.createElement('sieve-scores') as SieveScores;
    scores.outputId = (await ws.outputs.create(run.id, ds.id)).id;
    for (const element of [labeler, trainer, predictor, runs, importer, scores]) {
      Object.assign(element, { workspace: ws, datasetId: ds.id });
      page.append(element);
    }
    await trainer.train();
    await predictor.predict('the team scored a goal');
    await until(() => runs.shadowRoot!.querySelectorAll('tbody tr[data-run-id]').length === 2);
    await until(() => [...runs.shadowRoot!.querySelectorAll('tbody .status')].every((cell) => cell.textContent === 'TERMINÉ'));
    await until(() => labeler.shadowRoot!.querySelector('.hint')?.textContent?.startsWith('Enregistrement 25 sur 25') ?? false);

    await until(() => scores.shadowRoot!.querySelector('[part="review"]') !== null);
    const file = new File(['text,label\nle match,sports\n,cooking\n'], 'extra.csv');
    await importer.choose(file);
    await until(() => importer.shadowRoot!.textContent!.includes('lignes posent problème'));
    const all = [labeler, trainer, predictor, runs, importer, scores].flatMap(shown);
    expect(all.filter((text) => englishOnly.includes(text))).toEqual([]);
    expect(shown(labeler)).toContain('24 sur 25 annotés');
    expect(shown(trainer)).toContain('Entraîner');
    expect(trainer.shadowRoot!.querySelector('.status')!.textContent).toMatch(/^Terminé : exactitude en validation \d+,\d\s%$/);
    expect(predictor.shadowRoot!.querySelector('[part="label"]')!.nextElementSibling!.textContent).toMatch(/^\(\d+,\d\s%\)$/);
    // Dates through Intl for the locale (day/month/year in French).
    const started = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' }).format((await ws.runs.get(run.id)).startTime);
    expect(shown(runs)).toContain(started);

    // Changing the page's language re-renders in English.
    page.lang = 'en';
    await until(() => labeler.shadowRoot!.textContent!.includes('24 of 25 labeled'));
    expect(trainer.shadowRoot!.querySelector('[part="start"]')!.textContent).toBe('Train');
    page.remove();
  });

  it('registers a translation (checked for completeness) and shows it at once', async () => {
    expect(() => registerLocale('de', { loading: 'Lädt…' } as unknown as Messages)).toThrow(/the translation lacks "cancel", .*"splitNames"/);
    const pirate: Messages = { ...englishMessages, train: 'Hoist the sails', textToClassify: 'Message in a bottle' };
    const host = document.createElement('div');
    host.lang = 'en-x-pirate';
    const predictor = document.createElement('sieve-predictor');
    host.append(predictor);
    document.body.append(host);
    await predictor.updateComplete;
    expect(predictor.shadowRoot!.textContent).toContain('Text to classify');
    registerLocale('en-x-pirate', pirate);
    await until(() => predictor.shadowRoot!.textContent!.includes('Message in a bottle'));
    host.remove();
  });
});
