/**
 * Entry of the single-file build (dist/browser/dynamargin.js, made by web/build-bundle.js): the
 * browser API, plus the kernel worker in the same file, started when the file is loaded as a worker
 * (`new Worker(<this file>, { type: 'module', name: 'dynamargin-kernels' })`).
 */
import { assets } from './assets.js';
import { inKernelWorker, KERNEL_WORKER_NAME, startKernelWorker } from './kernelWorker.js';

assets.makeWorker = () => new Worker(import.meta.url, { type: 'module', name: KERNEL_WORKER_NAME });
if (inKernelWorker()) startKernelWorker();

export * from './index.js';
