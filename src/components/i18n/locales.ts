import { en, type Messages } from './en.js';
import { fr } from './fr.js';

/** The locales the elements can show, by language tag (lower case). English and French ship. */
const locales = new Map<string, Messages>([
  ['en', en],
  ['fr', fr],
]);
const listeners = new Set<() => void>();

/**
 * Adds (or replaces) the strings of a locale; elements whose `lang` matches show them at once.
 * `lang` is a BCP 47 tag ("de", "pt-BR"); an element under `lang="pt-BR"` uses "pt-BR", else "pt",
 * else English. `messages` must translate every string of the English table (`Messages`).
 */
export function registerLocale(lang: string, messages: Messages): void {
  const missing = Object.keys(en).filter((key) => !(key in messages));
  if (missing.length) throw new TypeError(`registerLocale("${lang}"): the translation lacks ${missing.map((k) => `"${k}"`).join(', ')}`);
  locales.set(lang.toLowerCase(), messages);
  for (const listener of listeners) listener();
}

/** The locale that serves `lang`: itself, its language without region, or English; with the tag it resolved to. */
export function localeFor(lang: string): { tag: string; messages: Messages } {
  const tag = lang.toLowerCase();
  const language = tag.split('-')[0];
  if (locales.has(tag)) return { tag: lang, messages: locales.get(tag)! };
  if (locales.has(language)) return { tag: lang, messages: locales.get(language)! };
  return { tag: 'en', messages: en };
}

/** Calls `listener` whenever a locale is registered; returns the function that stops it. */
export function onLocalesChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
