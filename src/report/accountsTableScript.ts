/**
 * The accounts table's browser script (plain ES2017, no modules): click a header to sort by that
 * column (again to reverse; numbers by their `data-value`), type in `#accounts-filter` to keep the
 * accounts whose id contains the text, choose a status in `#accounts-status`; `#accounts-count`
 * says how many rows are shown. The table reads and prints without it.
 */
export function accountsTableScript(): string {
  return `(function () {
'use strict';
var table = document.getElementById('accounts-table');
if (!table) return;
var tbody = table.tBodies[0];
var rows = Array.prototype.slice.call(tbody.rows);
var filter = document.getElementById('accounts-filter');
var status = document.getElementById('accounts-status');
var count = document.getElementById('accounts-count');
var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
var sort = { col: -1, dir: 1 };
function key(row, col) {
  var cell = row.cells[col];
  var v = cell.getAttribute('data-value');
  return v === null ? cell.textContent : Number(v);
}
function apply() {
  var text = filter.value.trim().toLowerCase();
  var wanted = status.value;
  var shown = 0;
  rows.forEach(function (r) {
    var ok = (!text || r.cells[0].textContent.toLowerCase().indexOf(text) >= 0) && (!wanted || r.getAttribute('data-status') === wanted);
    r.hidden = !ok;
    if (ok) shown++;
  });
  count.textContent = shown + ' of ' + rows.length + ' accounts';
}
function sortBy(col) {
  sort = { col: col, dir: sort.col === col ? -sort.dir : 1 };
  rows.sort(function (a, b) {
    var x = key(a, col);
    var y = key(b, col);
    var c = typeof x === 'number' && typeof y === 'number' ? (x === y ? 0 : x < y ? -1 : 1) : String(x).localeCompare(String(y));
    return c * sort.dir;
  });
  rows.forEach(function (r) { tbody.appendChild(r); });
  heads.forEach(function (h, i) { h.setAttribute('aria-sort', i === col ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none'); });
}
heads.forEach(function (th, col) {
  th.classList.add('sortable');
  th.tabIndex = 0;
  th.addEventListener('click', function () { sortBy(col); });
  th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(col); } });
});
filter.addEventListener('input', apply);
status.addEventListener('change', apply);
apply();
})();
`;
}
