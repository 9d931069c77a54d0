import { afterAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../src/index.js';
import type { SieveImport, SieveLabeler, SievePredictor, SieveRuns, SieveTrainer } from '../../src/index.js';
import axe from 'axe-core';
import { openDB } from 'idb';
import { databaseName } from '../../src/store/db.js';
import { deleteWorkspaces, freshWorkspace, key, toyRecords, until } from './helpers.js';

afterAll(deleteWorkspaces);

async function setup() {
  const ws = await freshWorkspace();
  const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
  await ws.datasets.addRecords(ds.id, [...toyRecords(10), { id: 'u1', text: 'the <img src=x onerror="window.__pwned=1"> goal' }, { id: 'u2', text: 'stir the soup' }]);
  return { ws, ds };
}

function mount<K extends 'sieve-labeler' | 'sieve-trainer' | 'sieve-predictor' | 'sieve-runs' | 'sieve-import'>(tag: K): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  document.body.append(element);
  return element;
}

describe('<sieve-labeler>', () => {
  it('starts at the first unlabeled record, labels it by number key, emits sieve-label-set, and renders text inertly', async () => {
    const { ws, ds } = await setup();
    const labeler = mount('sieve-labeler') as SieveLabeler;
    labeler.workspace = ws;
    labeler.datasetId = ds.id;
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('.hint')?.textContent === 'Record 21 of 22');
    expect(root.querySelector('.text')!.textContent).toContain('<img src=x');
    expect(root.querySelector('img')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    const events: unknown[] = [];
    document.addEventListener('sieve-label-set', (e) => events.push(e.detail));
    const panel = root.querySelector<HTMLElement>('.panel')!;
    panel.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true }));
    await until(() => events.length === 1);
    expect(events[0]).toEqual({ datasetId: ds.id, recordId: 'u1', label: 'sports' });
    expect((await ws.datasets.records(ds.id)).find((r) => r.id === 'u1')!.label).toBe('sports');
    await until(() => root.querySelector('.hint')?.textContent === 'Record 22 of 22');
    expect(root.textContent).toContain('21 of 22 labeled');
    // Labeling started: the labeler asked the browser to keep the data, and says what it answered.
    await until(() => !!root.querySelector('.storage'));
    expect(root.querySelector('.storage')!.textContent).toMatch(/^(Labels kept: storage is persistent|The browser may clear these labels when space runs low: export them)$/);
    labeler.remove();
  });

  it('draws every row of a list a filter just shortened, even scrolled far down the longer one', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'long', labels: ['sports', 'cooking'] });
    // 80 labeled records, then the unlabeled one the labeler starts at: the list scrolls to its end.
    await ws.datasets.addRecords(ds.id, [...toyRecords(40), { id: 'last', text: 'a pot of soup' }]);
    const labeler = mount('sieve-labeler') as SieveLabeler;
    labeler.workspace = ws;
    labeler.datasetId = ds.id;
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('.hint')?.textContent === 'Record 81 of 81');
    await until(() => root.querySelector<HTMLElement>('.list')!.scrollTop > 1000);
    await new Promise((resolve) => requestAnimationFrame(resolve)); // its scroll event has come
    const soup = (await ws.datasets.records(ds.id)).filter((r) => r.text!.includes('soup')).length;
    expect(soup).toBeGreaterThan(3);
    labeler.filter = { search: 'soup' };
    await labeler.updateComplete;
    // Drawn at once, before the browser's scroll event for the shorter list.
    expect(root.querySelectorAll('.row')).toHaveLength(soup);
    labeler.remove();
  });
});

describe('<sieve-trainer> and <sieve-predictor>', () => {
  it('train with events, then the predictor picks the new run and shows a bar per class', async () => {
    const { ws, ds } = await setup();
    const predictor = mount('sieve-predictor') as SievePredictor;
    predictor.workspace = ws;
    predictor.datasetId = ds.id;
    const trainer = mount('sieve-trainer') as SieveTrainer;
    trainer.workspace = ws;
    trainer.datasetId = ds.id;
    await trainer.updateComplete;
    // The arguments form edits params: a number field, and a select back to its default.
    const epochs = trainer.shadowRoot!.querySelector<HTMLInputElement>('input[name="num_train_epochs"]')!;
    expect(epochs.placeholder).toBe('30');
    epochs.value = '6';
    epochs.dispatchEvent(new Event('change'));
    const head = trainer.shadowRoot!.querySelector<HTMLSelectElement>('select[name="head.type"]')!;
    head.value = 'mlp';
    head.dispatchEvent(new Event('change'));
    expect(trainer.params).toEqual({ num_train_epochs: 6, head: { type: 'mlp' } });
    await trainer.updateComplete;
    head.value = '';
    head.dispatchEvent(new Event('change'));
    expect(trainer.params).toEqual({ num_train_epochs: 6 });
    const names: string[] = [];
    for (const name of ['sieve-run-started', 'sieve-run-progress', 'sieve-run-finished', 'sieve-prediction'] as const) {
      trainer.addEventListener(name, () => names.push(name));
      predictor.addEventListener(name, () => names.push(name));
    }
    let finished: CustomEvent | undefined;
    trainer.addEventListener('sieve-run-finished', (e) => (finished = e));
    await trainer.updateComplete;
    const seen = new Set<string>();
    const watch = new MutationObserver(() => {
      for (const label of trainer.shadowRoot!.querySelectorAll('label')) if (label.querySelector('progress')) seen.add(label.textContent!.replace(/\s+/g, ' ').trim());
    });
    watch.observe(trainer.shadowRoot!, { subtree: true, childList: true, characterData: true });
    trainer.shadowRoot!.querySelector<HTMLButtonElement>('button[part="start"]')!.click();
    await until(() => finished !== undefined);
    watch.disconnect();
    expect([...seen].some((text) => /^Steps$/.test(text))).toBe(true);
    expect(finished!.detail.status).toBe('FINISHED');
    expect(names[0]).toBe('sieve-run-started');
    expect(names).toContain('sieve-run-progress');
    await trainer.updateComplete;
    expect(trainer.shadowRoot!.querySelector('table[part="metrics"]')).not.toBeNull();
    const run = finished!.detail.run;
    const cells = [...trainer.shadowRoot!.querySelectorAll('table[part="confusion"] tbody td')].map((td) => Number(td.textContent));
    expect(cells.reduce((a, b) => a + b)).toBe(run.metrics.validation.count);
    expect(cells).toEqual(run.metrics.validation.confusionMatrix.flat());
    expect(trainer.shadowRoot!.querySelector('.uplot')).not.toBeNull();
    await until(() => !predictor.shadowRoot!.textContent!.includes('No trained model'));
    const prediction = await predictor.predict('bake the bread in the oven');
    expect(prediction?.label).toBe('cooking');
    await predictor.updateComplete;
    expect(predictor.shadowRoot!.querySelectorAll('[role="meter"]').length).toBe(2);
    expect(names.at(-1)).toBe('sieve-prediction');
    // Why: the words are highlighted (the text stays text: no element from it), and listed with their weights.
    await predictor.predict('bake the <b>bread</b> in the oven');
    await until(() => predictor.shadowRoot!.querySelector('[part="explanation"] mark') !== null);
    const why = predictor.shadowRoot!.querySelector('[part="explanation"]')!;
    expect(why.querySelector('b')).toBeNull();
    expect(why.querySelector('.highlighted')!.textContent).toBe('bake the <b>bread</b> in the oven');
    expect(why.querySelector('.reasons')!.textContent).toMatch(/Toward “cooking”[\s\S]*\(\+\d/);
    // A new element asked at once, before its model has loaded, waits for it rather than answering nothing.
    const fresh = mount('sieve-predictor') as SievePredictor;
    Object.assign(fresh, { workspace: ws, runId: run.id });
    expect((await fresh.predict('bake the bread in the oven'))?.label).toBe('cooking');
    trainer.remove();
    predictor.remove();
    fresh.remove();
  });

  it('trainer prepares training only once the user shows intent, and again for a new backbone', async () => {
    const { ws, ds } = await setup();
    const prepared: unknown[] = [];
    const prepare = ws.prepare.bind(ws);
    ws.prepare = (options = {}) => {
      prepared.push(options.backbone);
      return prepare(options);
    };
    const trainer = mount('sieve-trainer') as SieveTrainer;
    trainer.workspace = ws;
    trainer.datasetId = ds.id;
    await trainer.updateComplete;
    await new Promise((r) => setTimeout(r, 100));
    expect(prepared).toEqual([]);
    trainer.dispatchEvent(new PointerEvent('pointerenter'));
    trainer.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(prepared).toEqual([undefined]);
    trainer.backbone = 'hashed-ngrams';
    await trainer.updateComplete;
    expect(prepared).toEqual([undefined, 'hashed-ngrams']);
    trainer.remove();
  });

  it('trainer shows an error state instead of throwing when training cannot start', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'empty', labels: ['a', 'b'] });
    const trainer = mount('sieve-trainer') as SieveTrainer;
    trainer.workspace = ws;
    trainer.datasetId = ds.id;
    await trainer.train();
    await trainer.updateComplete;
    expect(trainer.shadowRoot!.querySelector('[role="alert"]')!.textContent).toMatch(/at least two labels need labeled examples/);
    trainer.remove();
    // A dataset named in HTML is looked up first: train() called at once trains on it (it returned doing nothing).
    const named = mount('sieve-trainer') as SieveTrainer;
    named.workspace = ws;
    named.setAttribute('dataset', 'empty');
    await named.train();
    await named.updateComplete;
    expect(named.datasetId).toBe(ds.id);
    expect(named.shadowRoot!.querySelector('[role="alert"]')?.textContent).toMatch(/at least two labels need labeled examples/);
    named.remove();
  });
});

describe('slots', () => {
  it('put the page’s own empty states, headers and actions in the elements', async () => {
    const { ws, ds } = await setup();
    const predictor = document.createElement('sieve-predictor') as SievePredictor;
    predictor.innerHTML = '<h3 slot="header">Try your filter</h3><p slot="empty">Label a few emails, then press Train.</p>';
    const runs = document.createElement('sieve-runs') as SieveRuns;
    runs.innerHTML = '<button slot="actions" id="export-all">Export all</button>';
    for (const element of [predictor, runs]) {
      Object.assign(element, { workspace: ws, datasetId: ds.id });
      document.body.append(element);
    }
    await until(() => predictor.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="empty"]') !== null);
    const slotted = (element: Element, name: string) => element.shadowRoot!.querySelector<HTMLSlotElement>(`slot[name="${name}"]`)!.assignedElements().map((e) => e.textContent);
    expect(slotted(predictor, 'empty')).toEqual(['Label a few emails, then press Train.']);
    expect(slotted(predictor, 'header')).toEqual(['Try your filter']);
    await until(() => runs.shadowRoot!.querySelector('slot[name="actions"]') !== null);
    expect(slotted(runs, 'actions')).toEqual(['Export all']);
    predictor.remove();
    runs.remove();
  });
});

describe('<sieve-runs>', () => {
  it('runs list corrects a run orphaned by a tab that closed, while it is open', async () => {
    const { ws, ds } = await setup();
    const runs = mount('sieve-runs') as SieveRuns;
    runs.workspace = ws;
    // Another tab stored a run as RUNNING, holding its lock, then closed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await new Promise<void>((acquired) =>
      navigator.locks.request(`${databaseName(ws.name)}:run:other-tab`, () => {
        acquired();
        return held;
      }),
    );
    const db = await openDB(databaseName(ws.name));
    await db.put('runs', { id: 'other-tab', experiment: 'e', datasetId: ds.id, status: 'RUNNING', params: {}, metrics: {}, history: [], startTime: Date.now(), lifecycle: 'active' });
    db.close();
    await runs.refresh();
    const status = () => runs.shadowRoot!.querySelector('tr[data-run-id="other-tab"] .status')?.textContent ?? '';
    expect(status()).toMatch(/RUNNING/);
    release(); // the tab closes
    await until(() => /FAILED/.test(status()), 10_000);
    expect((await ws.runs.get('other-tab')).error).toMatch(/^interrupted/);
    runs.remove();
  });

  it('lists runs with live status, compares, deletes and restores, and picks the predictor model', async () => {
    const { ws, ds } = await setup();
    const first = await ws.train({ datasetId: ds.id, experiment: 'a', params: { num_train_epochs: 2 } });
    const runs = mount('sieve-runs') as SieveRuns;
    runs.workspace = ws;
    const root = runs.shadowRoot!;
    await until(() => root.querySelectorAll('tbody tr[data-run-id]').length === 1);

    // A run started elsewhere shows up with a live status, then as FINISHED.
    const statuses: string[] = [];
    const observer = new MutationObserver(() => statuses.push(root.querySelector('tbody')?.textContent ?? ''));
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    const second = await ws.train({ datasetId: ds.id, experiment: 'b', params: { num_train_epochs: 3 } });
    observer.disconnect();
    expect(statuses.some((t) => /step \d+\/\d+/.test(t))).toBe(true);
    expect(statuses.some((t) => /RUNNING/.test(t))).toBe(true);
    await until(() => /FINISHED/.test(root.querySelector(`tr[data-run-id="${second.id}"] .status`)?.textContent ?? ''));

    // Compare: notes, differing params, curves, confusion matrices side by side.
    for (const box of root.querySelectorAll<HTMLInputElement>('tbody input[type="checkbox"]')) {
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    }
    await runs.updateComplete;
    root.querySelector<HTMLButtonElement>('button[part="compare-button"]')!.click();
    await until(() => root.querySelector('section[part="compare"]') !== null);
    await runs.updateComplete;
    const compare = root.querySelector('section[part="compare"]')!;
    expect([...compare.querySelectorAll('tr.differs th')].map((th) => th.textContent)).toContain('num_train_epochs');
    expect(compare.querySelectorAll('table.confusion')).toHaveLength(2);
    expect(compare.querySelector('.uplot')).not.toBeNull();

    // Choose the model the predictor uses.
    const predictor = mount('sieve-predictor') as SievePredictor;
    predictor.workspace = ws;
    predictor.datasetId = ds.id;
    runs.addEventListener('sieve-run-selected', (e) => (predictor.runId = e.detail.runId));
    root.querySelector<HTMLButtonElement>(`tr[data-run-id="${first.id}"] button[data-action="use"]`)!.click();
    expect(predictor.runId).toBe(first.id);
    await runs.updateComplete;
    expect(root.querySelector(`tr[data-run-id="${first.id}"]`)!.classList.contains('selected')).toBe(true);

    // Soft delete hides; show-deleted lists it with a restore button.
    root.querySelector<HTMLButtonElement>(`tr[data-run-id="${second.id}"] button[data-action="delete"]`)!.click();
    await until(() => root.querySelectorAll('tbody tr[data-run-id]').length === 1);
    expect((await ws.runs.get(second.id)).lifecycle).toBe('deleted');
    runs.showDeleted = true;
    await until(() => root.querySelector(`tr[data-run-id="${second.id}"] button[data-action="restore"]`) !== null);
    root.querySelector<HTMLButtonElement>(`tr[data-run-id="${second.id}"] button[data-action="restore"]`)!.click();
    await until(() => root.querySelector(`tr[data-run-id="${second.id}"] button[data-action="delete"]`) !== null);
    expect((await ws.runs.get(second.id)).lifecycle).toBe('active');
    // The keyboard stays on the row: its Delete button takes the focus of the Restore button that left.
    await until(() => root.activeElement === root.querySelector(`tr[data-run-id="${second.id}"] button[data-action="delete"]`));
    runs.remove();
    predictor.remove();
  });
});

describe('<sieve-labeler>, keyboard first', () => {

  it('toggles labels with number keys, accepts with Enter, undoes with Backspace, shows the shortcuts with ?', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'topics', labels: ['x', 'y', 'z'], multiLabel: true });
    await ws.datasets.addRecords(ds.id, [{ id: 'a', text: 'first' }, { id: 'b', text: 'second' }]);
    ws.setAnnotator('ana');
    const labeler = mount('sieve-labeler') as SieveLabeler;
    labeler.workspace = ws;
    labeler.datasetId = ds.id;
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('.hint')?.textContent === 'Record 1 of 2');
    const panel = root.querySelector('.panel')!;
    key(panel, '1');
    key(panel, '3');
    await labeler.updateComplete;
    expect([...root.querySelectorAll('button[part="label-button"][aria-pressed="true"]')].map((b) => b.textContent)).toEqual(['1x', '3z']);
    key(panel, 'Enter');
    await until(() => root.querySelector('.hint')?.textContent === 'Record 2 of 2');
    expect((await ws.datasets.records(ds.id))[0]).toMatchObject({ labels: ['x', 'z'], responses: [{ annotator: 'ana', labels: ['x', 'z'] }] });
    key(panel, 'Backspace');
    await until(() => root.querySelector('.hint')?.textContent?.includes('Undone') ?? false);
    expect((await ws.datasets.records(ds.id))[0].labels).toBeUndefined();
    key(panel, 'Backspace');
    await until(() => root.querySelector('.hint')?.textContent?.includes('Nothing to undo') ?? false);
    key(panel, '?');
    await labeler.updateComplete;
    expect(root.querySelector('[role="dialog"]')!.textContent).toMatch(/Backspace\s*undo the last answer/);
    key(panel, 'Escape');
    await labeler.updateComplete;
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    labeler.remove();
  });

  it('suggests the model’s label (Enter accepts it), orders by uncertainty, filters, bulk-labels, and reviews an output by score', async () => {
    const { ws, ds } = await setup();
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 10 } });
    const labeler = mount('sieve-labeler') as SieveLabeler;
    labeler.workspace = ws;
    labeler.datasetId = ds.id;
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('[part="suggestion"]') !== null);
    const text = root.querySelector('[part="record"]')!.textContent!;
    const expected = (await (await ws.classifier(run.id)).predict(text)).label;
    expect(root.querySelector('[part="suggestion"]')!.textContent).toContain(expected);
    // Why: on request, the record's words for and against the suggested label.
    const whyButton = root.querySelector<HTMLButtonElement>('[part="suggestion"] button.why')!;
    whyButton.click();
    await until(() => root.querySelector('[part="explanation"] .reasons') !== null);
    expect(whyButton.getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelector('[part="explanation"] .highlighted')!.textContent).toBe(text);
    const current = (await ws.datasets.records(ds.id)).find((r) => r.text === text)!;
    key(root.querySelector('.panel')!, 'Enter');
    await expect.poll(async () => (await ws.datasets.records(ds.id)).find((r) => r.id === current.id)?.label).toBe(expected);

    labeler.queue = true;
    const queued = await ws.queue(run.id, ds.id);
    await until(() => root.querySelector('.row .snippet')?.textContent === queued[0].record.text!.slice(0, 120));

    labeler.queue = false;
    labeler.filter = { search: 'SOUP' };
    // The list is virtual: until it has scrolled back from where the queue was, it may draw only some of the rows.
    const shown = (await ws.datasets.records(ds.id)).filter((r) => /soup/i.test(r.text!)).length;
    expect(shown).toBeGreaterThan(1);
    await until(() => root.querySelectorAll('.row').length === shown && [...root.querySelectorAll('.row .snippet')].every((s) => /soup/i.test(s.textContent!)));
    const select = root.querySelector<HTMLSelectElement>('.bulk select')!;
    select.value = 'cooking';
    select.dispatchEvent(new Event('change'));
    // Choosing only proposes: the confirmation names the count and the label; nothing is written yet.
    await until(() => root.querySelector('.bulk .confirm') !== null);
    expect(root.querySelector('.bulk .confirm')!.textContent).toContain(`Label all ${shown} shown records as “cooking”?`);
    root.querySelector<HTMLButtonElement>('.bulk .confirm button.primary')!.click();
    await until(() => root.querySelector('.hint')?.textContent?.includes(`${shown} answers of default recorded as cooking; ${shown} records now labeled cooking`) ?? false);
    expect((await ws.datasets.records(ds.id)).filter((r) => /soup/i.test(r.text!)).every((r) => r.label === 'cooking')).toBe(true);

    const output = await ws.outputs.create(run.id, ds.id);
    labeler.filter = {};
    labeler.review = { outputId: output.id, label: 'sports', minScore: 0.5 };
    const sampled = await ws.outputs.sample(output.id, { label: 'sports', minScore: 0.5, n: 1000 });
    await until(() => root.querySelector('.row .chip.score')?.textContent === sampled[0].score.toFixed(2));
    // Reviewing an output is accessible in both schemes.
    for (const theme of ['light', 'dark']) {
      labeler.setAttribute('theme', theme);
      expect((await axe.run(labeler)).violations.map((v) => `${theme}: ${v.id}`)).toEqual([]);
    }
    labeler.remove();
  });

  it('lets a focused control keep its own keys, and confirms and undoes a bulk label in one step', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'keys', labels: ['ham', 'spam'] });
    await ws.datasets.addRecords(ds.id, [
      ...toyRecords(6).map((r, i) => ({ text: r.text, label: i % 2 ? 'ham' : 'spam' })),
      ...Array.from({ length: 6 }, (_, i) => ({ text: `unlabeled ${i}` })),
    ]);
    const run = await ws.train({ datasetId: ds.id, params: { num_train_epochs: 2 } });
    const labeler = mount('sieve-labeler') as SieveLabeler;
    labeler.workspace = ws;
    labeler.datasetId = ds.id;
    labeler.runId = run.id;
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('[part="suggestion"]') !== null);
    const text = root.querySelector('[part="record"]')!.textContent!;
    const suggested = root.querySelector('[part="suggestion"] strong')!.textContent!;
    const other = suggested === 'ham' ? 'spam' : 'ham';
    // Enter with focus on the other label's button records that label, not the suggestion.
    const button = [...root.querySelectorAll<HTMLButtonElement>('[part="label-button"]')].find((b) => b.textContent!.endsWith(other))!;
    button.focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(async () => (await ws.datasets.records(ds.id)).find((r) => r.text === text)?.label).toBe(other);

    // Arrow keys on the bulk select change its choice; they write nothing.
    const before = JSON.stringify(await ws.datasets.records(ds.id));
    const select = root.querySelector<HTMLSelectElement>('.bulk select')!;
    select.focus();
    await userEvent.keyboard('{ArrowDown}');
    await until(() => root.querySelector('.bulk .confirm') !== null);
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify(await ws.datasets.records(ds.id))).toBe(before);
    // Enter on Cancel cancels (the button's own key), writing nothing.
    root.querySelector<HTMLButtonElement>('.bulk .confirm button:not(.primary)')!.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => root.querySelector('.bulk .confirm') === null);
    expect(JSON.stringify(await ws.datasets.records(ds.id))).toBe(before);

    // Confirmed: every shown record gets the label; one Backspace restores every earlier answer.
    select.value = 'spam';
    select.dispatchEvent(new Event('change'));
    await until(() => root.querySelector('.bulk .confirm') !== null);
    root.querySelector<HTMLButtonElement>('.bulk .confirm button.primary')!.click();
    await expect.poll(async () => (await ws.datasets.records(ds.id)).every((r) => r.label === 'spam')).toBe(true);
    key(root.querySelector('.panel')!, 'Backspace');
    await until(() => /Undone: 18 earlier answers restored/.test(root.querySelector('.hint')?.textContent ?? ''));
    const restored = await ws.datasets.records(ds.id);
    const original = JSON.parse(before) as { id: string; label?: string; responses?: unknown[] }[];
    expect(restored.map((r) => r.label ?? null)).toEqual(original.map((r) => r.label ?? null));
    labeler.remove();
  });

  it('keeps a 20,000-record list virtual: a few dozen rows in the page, keys move through it', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'big', labels: ['a', 'b'] });
    await ws.datasets.addRecords(ds.id, Array.from({ length: 20_000 }, (_, i) => ({ text: `record number ${i}` })));
    const labeler = mount('sieve-labeler') as SieveLabeler;
    labeler.workspace = ws;
    labeler.datasetId = ds.id;
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('.hint')?.textContent === 'Record 1 of 20,000');
    expect(root.querySelectorAll('.row').length).toBeLessThan(40);
    for (let i = 0; i < 30; i++) key(root.querySelector('.panel')!, 'ArrowDown');
    await until(() => root.querySelector('.hint')?.textContent === 'Record 31 of 20,000');
    expect(root.querySelector('.row[aria-selected="true"] .snippet')!.textContent).toBe('record number 30');
    // The listbox pattern: the list holds focus and names the current row as its active descendant,
    // which stays in the page even when the list is scrolled far away from it.
    const list = root.querySelector<HTMLElement>('[role="listbox"]')!;
    labeler.focus();
    expect(root.activeElement).toBe(list);
    expect(root.getElementById(list.getAttribute('aria-activedescendant')!)?.getAttribute('aria-selected')).toBe('true');
    list.scrollTop = 400_000;
    list.dispatchEvent(new Event('scroll'));
    await until(() => root.querySelector('.row .snippet')?.textContent !== 'record number 0' && root.querySelectorAll('.row').length > 10);
    expect(root.getElementById(list.getAttribute('aria-activedescendant')!)?.textContent).toContain('record number 30');
    labeler.remove();
  });
});

describe('<sieve-labeler>, several annotators', () => {
  it('shows the agreement and filters to the disagreements, by annotator and by text', async () => {
    const ws = await freshWorkspace();
    const ds = await ws.datasets.create({ name: 'reviews', labels: ['pos', 'neg'] });
    await ws.datasets.addRecords(ds.id, [
      { id: 'a', text: 'great', responses: [{ annotator: 'ana', label: 'pos' }, { annotator: 'ben', label: 'pos' }] },
      { id: 'b', text: 'fine i guess', responses: [{ annotator: 'ana', label: 'pos' }, { annotator: 'ben', label: 'neg' }] },
      { id: 'c', text: 'awful', responses: [{ annotator: 'ana', label: 'neg' }, { annotator: 'ben', label: 'neg' }] },
      { id: 'd', text: 'not read yet' },
    ]);
    const labeler = mount('sieve-labeler') as SieveLabeler;
    labeler.workspace = ws;
    labeler.datasetId = ds.id;
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('.agreement') !== null);
    const expected = await ws.datasets.agreement(ds.id);
    expect(root.querySelector('.agreement')!.textContent).toContain(`Cohen's kappa, ana, ben): ${expected.overall.toFixed(2)} · 1 disagreements`);
    const snippets = () => [...root.querySelectorAll('.row .snippet')].map((s) => s.textContent);
    const box = root.querySelector<HTMLInputElement>('input[name="disagreement"]')!;
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    await until(() => snippets().join('|') === 'fine i guess');
    box.checked = false;
    box.dispatchEvent(new Event('change'));
    const annotator = root.querySelector<HTMLSelectElement>('select[name="annotator"]')!;
    annotator.value = 'ben';
    annotator.dispatchEvent(new Event('change'));
    await until(() => snippets().join('|') === 'great|fine i guess|awful');
    const search = root.querySelector<HTMLInputElement>('input[name="search"]')!;
    search.value = 'AWF';
    search.dispatchEvent(new Event('input'));
    await until(() => snippets().join('|') === 'awful');
    search.value = '';
    search.dispatchEvent(new Event('input'));
    annotator.value = '';
    annotator.dispatchEvent(new Event('change'));
    await until(() => snippets().length === 4);
    // Ben changes his mind on "fine i guess": the agreement line follows without a reload.
    ws.setAnnotator('ben');
    const panel = root.querySelector('.panel')!;
    [...root.querySelectorAll<HTMLElement>('.row')].find((row) => row.textContent?.includes('fine i guess'))!.click();
    await until(() => root.querySelector('.row[aria-selected="true"] .snippet')?.textContent === 'fine i guess');
    key(panel, '1');
    await until(() => root.querySelector('.agreement')!.textContent!.includes('· 0 disagreements'));
    expect(root.querySelector('.agreement')!.textContent).toContain(`${(await ws.datasets.agreement(ds.id)).overall.toFixed(2)} · 0 disagreements`);
    labeler.remove();
  });
});

describe('<sieve-labeler>, retraining', () => {
  it('retrains in the background every N new labels and then suggests with the new model', async () => {
    const { ws, ds } = await setup();
    const labeler = mount('sieve-labeler') as SieveLabeler;
    labeler.workspace = ws;
    labeler.datasetId = ds.id;
    labeler.retrainEvery = 2;
    const root = labeler.shadowRoot!;
    await until(() => root.querySelector('.hint')?.textContent === 'Record 21 of 22');
    expect(root.querySelector('[part="suggestion"]')).toBeNull(); // no model yet
    const panel = root.querySelector('.panel')!;
    panel.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true, composed: true }));
    await until(() => root.querySelector('.hint')?.textContent === 'Record 22 of 22');
    panel.dispatchEvent(new KeyboardEvent('keydown', { key: '2', bubbles: true, composed: true }));
    await until(() => root.querySelector('[part="suggestion"]') !== null, 60_000);
    const runs = await ws.runs.list({ datasetId: ds.id });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ experiment: 'labeler', status: 'FINISHED' });
    labeler.remove();
  });
});

describe('<sieve-import>', () => {
  it('previews a dropped file, lists bad rows before writing, imports the good ones, and cancels with nothing written', async () => {
    const { ws, ds } = await setup();
    const before = (await ws.datasets.records(ds.id)).length;
    const element = mount('sieve-import') as SieveImport;
    Object.assign(element, { workspace: ws, datasetId: ds.id });
    const root = element.shadowRoot!;
    const rows = ['sentence,topic,part', 'the match went to extra time,sports,train', 'knead the dough,cooking,test', ',sports,train', 'grill the fish,fishing,train', 'a goal in the last minute,sports,nowhere'];
    await element.updateComplete;
    const drop = new DataTransfer();
    drop.items.add(new File([rows.join('\n')], 'more.csv', { type: 'text/csv' }));
    root.querySelector('[part="drop-zone"]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    await until(() => root.textContent!.includes('3 records ready; 2 rows have problems.'));
    expect(root.textContent).toContain('Into the dataset “toy”.');
    expect([...root.querySelectorAll('[part="preview"] thead th')].map((th) => th.textContent)).toEqual(['sentence', 'topic', 'part']);
    expect(root.querySelector<HTMLSelectElement>('select[name="column-text"]')!.value).toBe('sentence');
    expect(root.querySelector<HTMLSelectElement>('select[name="column-label"]')!.value).toBe('topic');
    // Split is not a usual name here: map it by hand; the problem list follows.
    const split = root.querySelector<HTMLSelectElement>('select[name="column-split"]')!;
    expect(split.value).toBe('');
    split.value = 'part';
    split.dispatchEvent(new Event('change'));
    await until(() => root.textContent!.includes('2 records ready; 3 rows have problems.') && [...root.querySelectorAll('[part="problems"] tbody th')].length === 3);
    expect([...root.querySelectorAll('[part="problems"] tbody tr')].map((tr) => tr.querySelector('th')!.textContent)).toEqual(['3', '4', '5']);
    expect(root.querySelector('[part="problems"]')!.textContent).toContain('fishing');
    for (const theme of ['light', 'dark']) {
      element.setAttribute('theme', theme);
      expect((await axe.run(element)).violations.map((v) => `${theme}: ${v.id}`)).toEqual([]);
    }
    // With problems, importing needs the choice to leave them out; nothing is written before.
    const importButton = root.querySelector<HTMLButtonElement>('[part="import"]')!;
    expect(importButton.getAttribute('aria-disabled')).toBe('true');
    expect((await ws.datasets.records(ds.id)).length).toBe(before);
    const skip = root.querySelector<HTMLInputElement>('input[name="skip-invalid"]')!;
    skip.checked = true;
    skip.dispatchEvent(new Event('change'));
    await until(() => importButton.getAttribute('aria-disabled') === 'false');
    // Cancel at once: nothing written, and the import can be tried again.
    const cancelled = element.import();
    element.cancel();
    expect(await cancelled).toBeUndefined();
    expect(root.textContent).toContain('Cancelled: nothing was written.');
    expect((await ws.datasets.records(ds.id)).length).toBe(before);
    const done = new Promise<CustomEvent>((resolve) => element.addEventListener('sieve-import-done', (e) => resolve(e as CustomEvent), { once: true }));
    importButton.click();
    const detail = (await done).detail;
    expect(detail.added).toBe(2);
    expect(detail.skipped.map((p: { row: number }) => p.row)).toEqual([3, 4, 5]);
    const added = (await ws.datasets.records(ds.id)).slice(before);
    expect(added.map((r) => [r.text, r.label, r.split])).toEqual([
      ['the match went to extra time', 'sports', 'train'],
      ['knead the dough', 'cooking', 'test'],
    ]);
    expect(root.textContent).toContain('2 records added to “toy”.');
    expect(root.activeElement).toBe(root.querySelector('input[type="file"]'));
    element.remove();
  });

  it('says which line of a file is not UTF-8, and reads it again in the encoding picked', async () => {
    const { ws, ds } = await setup();
    const before = (await ws.datasets.records(ds.id)).length;
    const element = mount('sieve-import') as SieveImport;
    Object.assign(element, { workspace: ws, datasetId: ds.id });
    const root = element.shadowRoot!;
    // "text,label / café crème,cooking" in Windows-1252: é and è are one byte each. Chosen at once:
    // the element first finds the dataset it was given (else it would import into a new one).
    const latin = Uint8Array.from('text,label\ncaf\u00e9 cr\u00e8me,cooking\n', (c) => c.charCodeAt(0));
    await element.choose(new File([latin], 'latin.csv', { type: 'text/csv' }));
    expect(root.querySelector('[role="status"]')!.textContent).toMatch(/Could not read the file: .*line 2 is not valid utf-8/);
    const encoding = root.querySelector<HTMLSelectElement>('select[name="encoding"]')!;
    encoding.value = 'windows-1252';
    encoding.dispatchEvent(new Event('change'));
    await until(() => root.textContent!.includes('1 records ready'));
    expect(root.textContent).toContain('Into the dataset “toy”.');
    expect(root.querySelector('[part="preview"] tbody')!.textContent).toContain('café crème');
    expect((await axe.run(element)).violations.map((v) => v.id)).toEqual([]);
    expect((await element.import())?.added).toBe(1);
    expect((await ws.datasets.records(ds.id)).slice(before).map((r) => r.text)).toEqual(['café crème']);
    element.remove();
  });
});
