import { SievePredictor } from './sieve-predictor.component.js';

export { SievePredictor };

if (!customElements.get('sieve-predictor')) customElements.define('sieve-predictor', SievePredictor);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-predictor': SievePredictor;
  }
}
