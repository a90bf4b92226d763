#!/usr/bin/env node
// Print the plain `N passed, N failed` line from vitest's JSON report (CI reads this line).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-output/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`test-summary: cannot read ${file}: ${err.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
// Skipped tests (browser suites without Chromium) are never counted as passed; they get their own
// line so the last line stays the plain `N passed, N failed` CI reads.
if (skipped) console.log(`${skipped} skipped`);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
process.exit(report.numFailedTests > 0 || !report.success ? 1 : 0);
