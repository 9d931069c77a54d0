import { SieveTrainer } from './sieve-trainer.component.js';

export { SieveTrainer };

if (!customElements.get('sieve-trainer')) customElements.define('sieve-trainer', SieveTrainer);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-trainer': SieveTrainer;
  }
}
