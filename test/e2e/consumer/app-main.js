import * as sieve from 'sieve-classifier';
import { runFlow } from './flow.js';

window.runFlow = () => runFlow(sieve);
