/** The one tfjs instance of the worker: native backends register on it when they load. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
