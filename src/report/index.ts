/** report.html: types of the report data and the renderer. */
export type * from './types.js';
export { renderReportHtml, DATA_ELEMENT_ID } from './renderHtml.js';
export { loadChartLibrary, type ChartLibrary } from './chartLibrary.js';
export { checkReportData } from './checkReportData.js';
export { lossHistogram } from './histogram.js';
