import { SievePredictor } from './sieve-predictor.component.js';

export { SievePredictor };

// Defined where a custom-element registry exists (not in Node without a DOM shim).
if (globalThis.customElements && !customElements.get('sieve-predictor')) customElements.define('sieve-predictor', SievePredictor);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-predictor': SievePredictor;
  }
}
