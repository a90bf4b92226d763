/** Fetch and compile the kernels while they download (`WebAssembly.compileStreaming`). */

/**
 * @throws Error naming the URL when it cannot be fetched or is not a Wasm module
 * @example await loadKernels(new URL('/build/release.wasm', location.href)) // WebAssembly.Module
 */
export async function loadKernels(url: string | URL): Promise<WebAssembly.Module> {
  const where = String(url);
  const fetchOk = async (): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw new Error(`dynamargin: could not fetch the Wasm kernels from ${where}: ${(err as Error).message}`, { cause: err });
    }
    if (!response.ok) throw new Error(`dynamargin: could not fetch the Wasm kernels from ${where}: HTTP ${response.status}`);
    return response;
  };
  const response = await fetchOk();
  // compileStreaming needs the `application/wasm` content type; servers that send another one get the byte path
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/i.test(response.headers.get('content-type') ?? '')) {
    return WebAssembly.compileStreaming(response);
  }
  try {
    return await WebAssembly.compile(await response.arrayBuffer());
  } catch (err) {
    throw new Error(`dynamargin: ${where} is not a valid Wasm module: ${(err as Error).message}`, { cause: err });
  }
}
