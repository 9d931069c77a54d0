// What tools read from the package: its metadata and the generated custom-elements manifest.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(readFileSync(pkg.customElements, 'utf8'));
const events = readFileSync('src/events/index.ts', 'utf8');

interface Documented {
  name: string;
  description?: string;
}

describe('package metadata', () => {
  it('names the package, its licence, repository, keywords, side effects and every entry with its types', () => {
    expect(pkg.name).toBe('sieve-classifier');
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.repository.url).toMatch(/sieve-classifier/);
    expect(pkg.keywords.length).toBeGreaterThan(5);
    expect(pkg.sideEffects).toContain('./dist/components/*.js');
    expect(Object.keys(pkg.dependencies)).toEqual(['lit']);
    for (const [entry, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        if (!file.includes('*')) expect(() => readFileSync(file), `${entry} → ${file}`).not.toThrow();
      }
    }
  });
});

describe('custom-elements manifest', () => {
  const elements = manifest.modules.flatMap((m: { declarations?: { customElement?: boolean }[] }) => (m.declarations ?? []).filter((d) => d.customElement));

  it('lists the six elements with their tag names', () => {
    expect(elements.map((e: { tagName: string }) => e.tagName).sort()).toEqual(['sieve-import', 'sieve-labeler', 'sieve-predictor', 'sieve-runs', 'sieve-scores', 'sieve-trainer']);
  });

  it('documents every attribute, property, event (with its detail type), part and CSS custom property', () => {
    for (const element of elements) {
      const all: [string, Documented[]][] = [
        ['attributes', element.attributes],
        ['members', element.members],
        ['events', element.events],
        ['cssParts', element.cssParts],
        ['cssProperties', element.cssProperties],
      ];
      for (const [kind, items] of all) {
        expect(items?.length, `${element.tagName} ${kind}`).toBeGreaterThan(0);
        for (const item of items) expect(item.description, `${element.tagName} ${kind} ${item.name}`).toBeTruthy();
      }
      for (const event of element.events) {
        const detail = /^CustomEvent<(\w+)>$/.exec(event.type?.text ?? '')?.[1];
        expect(detail, `${element.tagName} ${event.name}`).toBeTruthy();
        expect(events).toContain(`export interface ${detail} `);
        expect(events).toContain(`'${event.name}': CustomEvent<${detail}>`);
      }
      expect(element.attributes.every((a: { fieldName: string }) => element.members.some((m: Documented) => m.name === a.fieldName))).toBe(true);
    }
  });

  it('documents, on every element and with its default, every design token the styles read', () => {
    const sources = readdirSync('src/components', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const used = new Set(sources.flatMap((f) => [...readFileSync(`src/components/${f}`, 'utf8').matchAll(/var\((--sieve-[a-z0-9-]+)/g)].map((m) => m[1])));
    expect(used.size).toBeGreaterThan(15);
    for (const element of elements) {
      const documented = new Map(element.cssProperties.map((p: Documented & { default?: string }) => [p.name, p.default]));
      for (const token of used) expect(documented.get(token), `${element.tagName} ${token}`).toBeTruthy();
    }
  });

  it('shows no internal state as an attribute', () => {
    const predictor = elements.find((e: { tagName: string }) => e.tagName === 'sieve-predictor');
    expect(predictor.attributes.map((a: Documented) => a.name).sort()).toEqual(['dataset', 'dataset-id', 'explain', 'run', 'run-id', 'theme', 'workspace']);
  });
});
