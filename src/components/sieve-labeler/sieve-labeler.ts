import { SieveLabeler } from './sieve-labeler.component.js';

export { SieveLabeler };

if (!customElements.get('sieve-labeler')) customElements.define('sieve-labeler', SieveLabeler);

declare global {
  interface HTMLElementTagNameMap {
    'sieve-labeler': SieveLabeler;
  }
}
