import { en, type Messages } from './en.js';

/** The locales the elements can show, by language tag (lower case): English, and those registered or loaded. */
const locales = new Map<string, Messages>([['en', en]]);
/** Locales that ship with Sieve beyond English, loaded when an element first needs one (pages in English never download them). */
const shipped: Record<string, () => Promise<Messages>> = {
  fr: () => import('./fr.js').then((m) => m.fr),
};
const loading = new Set<string>();
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

/**
 * The locale that serves `lang`: itself, its language without region, or English; with the tag it
 * resolved to. A shipped locale not loaded yet starts loading (English serves meanwhile, and the
 * elements re-render when it arrives).
 */
export function localeFor(lang: string): { tag: string; messages: Messages } {
  const tag = lang.toLowerCase();
  const language = tag.split('-')[0];
  if (locales.has(tag)) return { tag: lang, messages: locales.get(tag)! };
  if (locales.has(language)) return { tag: lang, messages: locales.get(language)! };
  if (shipped[language] && !loading.has(language)) {
    loading.add(language);
    void shipped[language]().then((messages) => registerLocale(language, messages));
  }
  return { tag: 'en', messages: en };
}

/** Calls `listener` whenever a locale is registered; returns the function that stops it. */
export function onLocalesChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
