/** The sortable accounts table (click a header to sort, again to reverse; click a row to open the account). */
import type { MarginRow } from './margin.js';

type Key = keyof MarginRow;

const COLUMNS: { key: Key; label: string; numeric: boolean }[] = [
  { key: 'id', label: 'account', numeric: false },
  { key: 'positions', label: 'positions', numeric: true },
  { key: 'var', label: 'VaR', numeric: true },
  { key: 'es', label: 'ES', numeric: true },
  { key: 'requirement', label: 'initial margin', numeric: true },
  { key: 'maintenance', label: 'maintenance', numeric: true },
  { key: 'collateral', label: 'equity', numeric: true },
  { key: 'excess', label: 'excess', numeric: true },
  { key: 'status', label: 'status', numeric: false },
];

const usd = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class AccountsTable {
  private rows: MarginRow[] = [];
  private sort: { key: Key; dir: 1 | -1 } = { key: 'excess', dir: 1 };
  selected: string | undefined;

  constructor(
    private readonly table: HTMLTableElement,
    private readonly onSelect: (id: string) => void,
  ) {
    table.tHead!.addEventListener('click', (e) => {
      const key = (e.target as HTMLElement).closest('th')?.dataset.key as Key | undefined;
      if (!key) return;
      this.sort = { key, dir: this.sort.key === key ? (-this.sort.dir as 1 | -1) : 1 };
      this.render();
    });
    table.tBodies[0].addEventListener('click', (e) => {
      const id = (e.target as HTMLElement).closest('tr')?.dataset.account;
      if (id !== undefined) this.onSelect(id);
    });
  }

  setRows(rows: MarginRow[]): void {
    this.rows = rows;
    this.render();
  }

  /** Replace one row (after a what-if) without changing the order. */
  updateRow(row: MarginRow): void {
    const i = this.rows.findIndex((r) => r.id === row.id);
    if (i >= 0) this.rows[i] = row;
    const tr = Array.from(this.table.tBodies[0].rows).find((r) => r.dataset.account === row.id);
    if (tr) tr.outerHTML = this.rowHtml(row);
  }

  /** Id of the first row in the current order. */
  firstId(): string | undefined {
    return this.sorted()[0]?.id;
  }

  private sorted(): MarginRow[] {
    const { key, dir } = this.sort;
    return [...this.rows].sort((a, b) => {
      const x = a[key];
      const y = b[key];
      const c = typeof x === 'number' && typeof y === 'number' ? (Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y) : String(x).localeCompare(String(y));
      return c * dir;
    });
  }

  render(): void {
    const { key, dir } = this.sort;
    this.table.tHead!.innerHTML = `<tr>${COLUMNS.map(
      (c) => `<th data-key="${c.key}" class="${c.numeric ? 'num' : ''}${c.key === key ? (dir > 0 ? ' asc' : ' desc') : ''}">${c.label}</th>`,
    ).join('')}</tr>`;
    this.table.tBodies[0].innerHTML = this.sorted().map((r) => this.rowHtml(r)).join('');
  }

  private rowHtml(r: MarginRow): string {
    const cells = COLUMNS.map((c) => {
      const v = r[c.key];
      const text = typeof v === 'number' ? (c.key === 'positions' ? String(v) : Number.isNaN(v) ? 'n/a' : usd.format(v)) : escapeHtml(String(v));
      return `<td class="${c.numeric ? 'num' : ''}${c.key === 'status' ? ` status-${r.status}` : ''}">${text}</td>`;
    });
    return `<tr data-account="${escapeHtml(r.id)}"${r.id === this.selected ? ' class="selected"' : ''}>${cells.join('')}</tr>`;
  }
}
