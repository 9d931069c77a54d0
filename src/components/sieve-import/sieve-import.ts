import { SieveImport } from './sieve-import.component.js';

export { SieveImport };

// Defined where a custom-element registry exists (not in Node without a DOM shim).
if (globalThis.customElements && !customElements.get('sieve-import')) customElements.define('sieve-import', SieveImport);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-import': SieveImport;
  }
}
