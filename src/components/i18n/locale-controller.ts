import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Messages } from './en.js';
import { Formatter } from './formatter.js';
import { localeFor, onLocalesChanged } from './locales.js';

/** What rendering code needs of a language: its strings and its number and date formats. */
export interface Locale {
  t: Messages;
  f: Formatter;
}

/** Hosts whose language may have changed when any `lang` attribute in the document changes. */
const hosts = new Set<LocaleController>();
let observer: MutationObserver | undefined;

/**
 * An element's language: the `lang` of its nearest ancestor that has one (across shadow roots),
 * else the document's, else English. Gives the element its strings (`t`) and formatter (`f`),
 * and re-renders it when a `lang` attribute changes or a locale is registered.
 */
export class LocaleController implements ReactiveController, Locale {
  t!: Messages;
  f!: Formatter;
  private stopListening?: () => void;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    this.resolve();
  }

  hostConnected(): void {
    hosts.add(this);
    observer ??= new MutationObserver(() => hosts.forEach((h) => h.resolve()));
    if (hosts.size === 1) observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    this.stopListening = onLocalesChanged(() => this.resolve(true));
    this.resolve();
  }

  hostDisconnected(): void {
    hosts.delete(this);
    if (hosts.size === 0) observer?.disconnect();
    this.stopListening?.();
  }

  /** Looks the language up again; re-renders the host when it changed (or `force`). */
  private resolve(force = false): void {
    const { tag, messages } = localeFor(languageOf(this.host));
    if (!force && this.t === messages && this.f?.locale === tag) return;
    this.t = messages;
    this.f = new Formatter(tag);
    this.host.requestUpdate();
  }
}

/** The `lang` that applies to `element`: its own or its nearest ancestor's, crossing shadow roots; "en" when none. */
function languageOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang') || 'en';
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return 'en';
}
