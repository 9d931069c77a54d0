import { SieveLabeler } from './sieve-labeler.component.js';

export { SieveLabeler };

// Defined where a custom-element registry exists (not in Node without a DOM shim).
if (globalThis.customElements && !customElements.get('sieve-labeler')) customElements.define('sieve-labeler', SieveLabeler);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-labeler': SieveLabeler;
  }
}
