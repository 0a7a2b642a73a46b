/** The one tfjs instance of the worker: native backends register on it when they load. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

// Production mode: no per-op debug checks, and no "install our node backend" banner in the user's
// output — the worker reports the backend it chose, and why, itself (backend.ts).
tf.enableProdMode();

export { tf };
