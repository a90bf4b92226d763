// A worker of bench/lib.js `ceilings`: its own instance of the kernels on the shared memory, running
// one ceiling kernel per message (the same calls as the one-thread measurement).
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory } = workerData;
const { exports } = await WebAssembly.instantiate(module, { env: { memory, abort() {} } });
parentPort.on('message', ({ kernel, args }) => {
  exports[kernel](...args);
  parentPort.postMessage(null);
});
parentPort.postMessage(null); // ready
