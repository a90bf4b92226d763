/** Module worker entry of the browser executor (`new Worker(url, { type: 'module' })`). */
import { startKernelWorker } from './kernelWorker.js';

startKernelWorker();
