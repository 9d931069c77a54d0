import { SieveTrainer } from './sieve-trainer.component.js';

export { SieveTrainer };

// Defined where a custom-element registry exists (not in Node without a DOM shim).
if (globalThis.customElements && !customElements.get('sieve-trainer')) customElements.define('sieve-trainer', SieveTrainer);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-trainer': SieveTrainer;
  }
}
