import { SieveRuns } from './sieve-runs.component.js';

export { SieveRuns };

// Defined where a custom-element registry exists (not in Node without a DOM shim).
if (globalThis.customElements && !customElements.get('sieve-runs')) customElements.define('sieve-runs', SieveRuns);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-runs': SieveRuns;
  }
}
