import { SieveScores } from './sieve-scores.component.js';

export { SieveScores };

// Defined where a custom-element registry exists (not in Node without a DOM shim).
if (globalThis.customElements && !customElements.get('sieve-scores')) customElements.define('sieve-scores', SieveScores);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-scores': SieveScores;
  }
}
