/**
 * Headless Debian Chromium for the browser tests. Without it the browser suites are reported as
 * SKIPPED, loudly, with the install command; with DYNAMARGIN_REQUIRE_BROWSER=1 (set by .ci/run)
 * a missing browser fails them instead, so they never silently vanish in CI.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; DYNAMARGIN_CHROMIUM points at another build (or at none, to try the skip). */
export const CHROMIUM = process.env.DYNAMARGIN_CHROMIUM ?? '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';

/**
 * True when the browser suites run: Chromium is installed, or DYNAMARGIN_REQUIRE_BROWSER=1 requires
 * them (then a missing one fails).
 */
const browserRuns = process.env.DYNAMARGIN_REQUIRE_BROWSER === '1' || existsSync(CHROMIUM);

/** The loud notice for a suite or test skipped for want of Chromium. */
function warnSkipped(what: string): void {
  console.warn(`\n*** SKIPPED browser ${what}: no Chromium at ${CHROMIUM}. Install it with \`${INSTALL}\` (.ci/run does, and sets DYNAMARGIN_REQUIRE_BROWSER=1 so a missing browser fails). ***\n`);
}

/** `describe` for a suite that needs Chromium: skipped with a loud notice when none is installed. */
export function describeBrowser(name: string, body: () => void): void {
  if (!browserRuns) warnSkipped(`suite "${name}"`);
  describe.skipIf(!browserRuns)(name, body);
}

/** `it` for one test that needs Chromium inside a suite that does not: skipped as loudly. */
export function itBrowser(name: string, body: () => Promise<void>, timeoutMs?: number): void {
  if (!browserRuns) warnSkipped(`test "${name}"`);
  it.skipIf(!browserRuns)(name, body, timeoutMs);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`${INSTALL}\` (.ci/run does this).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The 64 bits of each number as hex: equal strings mean bit-identical figures (NaN payloads and -0 included). */
export function bits(values: readonly number[]): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return values.map((v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16).padStart(16, '0');
  });
}
