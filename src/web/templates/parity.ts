import { html, type SafeHtml } from '../html.js';
import type { GridCell, GridModule, ParityGrid } from '../parity.js';
import { liveRegion } from './layout.js';

function cell(item: GridCell): SafeHtml {
  const title = [item.id, item.status, item.detail, item.at].filter(Boolean).join(' · ');
  return html`<span class="cell cell-${item.status.toLowerCase()}" title="${title}"></span>`;
}

function moduleRow(module: GridModule): SafeHtml {
  return html`<tr class="${module.flipped ? 'flipped' : ''}">
<th scope="row"><a href="/verdicts?module=${encodeURIComponent(module.name)}">${module.name}</a>
${module.flipped ? html` <span class="badge" title="${module.flippedAt ? `flipped at ${module.flippedAt}` : 'flipped'}">flipped</span>` : ''}</th>
<td class="num ok">${module.green}</td><td class="num bad">${module.red}</td><td class="num">${module.total}</td>
<td class="cells">${module.cells.map(cell)}${redList(module)}</td>
</tr>`;
}

/**
 * The RED cells by id, folded: hovering the grid is not possible on a phone or from the keyboard, and
 * "which cells are still RED" is what an operator comes here for.
 */
function redList(module: GridModule): SafeHtml {
  const red = module.cells.filter((item) => item.status === 'RED');
  if (red.length === 0) return html``;
  const items = red.map(
    (item) =>
      html`<li><code>${item.id}</code>${item.detail ? html` <span class="dim">${item.detail}</span>` : ''}</li>`,
  );
  return html`<details class="red-cells" data-key="red:${module.name}"><summary>${red.length} RED cell${red.length === 1 ? '' : 's'}</summary><ul>${items}</ul></details>`;
}

function gridContent(grid: ParityGrid): SafeHtml {
  if (grid.kind === 'missing') return html`<p class="dim">no parity.json yet</p>`;
  if (grid.kind === 'corrupt') return html`<p class="bad">CORRUPT - parity.json: ${grid.message}</p>`;
  if (grid.modules.length === 0) return html`<p class="dim">no modules in parity.json yet</p>`;
  const flipped = grid.modules.filter((module) => module.flipped).length;
  const shown =
    grid.pages === 1
      ? html`${grid.moduleCount} modules, ${flipped} flipped`
      : html`${grid.moduleCount} modules; here ${grid.first + 1}-${grid.first + grid.modules.length}, ${flipped} of them flipped`;
  return html`<p><span class="ok">${grid.green} GREEN</span> / <span class="bad">${grid.red} RED</span> of ${grid.total} cells ·
${shown}</p>${pager(grid)}
<table class="parity"><thead><tr><th>module</th><th>green</th><th>red</th><th>cells</th><th>grid (hover a cell for its id)</th></tr></thead>
<tbody>${grid.modules.map(moduleRow)}</tbody></table>${pager(grid)}`;
}

/** Pages of whole modules, so a matrix of 100,000 cells is never one 14 MB page. */
function pager(grid: Extract<ParityGrid, { kind: 'ok' }>): SafeHtml {
  if (grid.pages <= 1) return html``;
  const link = (page: number, label: string) => html`<a href="/parity?page=${page}">${label}</a>`;
  return html`<nav class="pager">
${grid.page > 1 ? link(grid.page - 1, '← previous') : ''}
<span>page ${grid.page} of ${grid.pages}</span>
${grid.page < grid.pages ? link(grid.page + 1, 'next →') : ''}
</nav>`;
}

/** Modules × cells as a coloured grid with counts, flipped modules marked. */
export function parityBody(grid: ParityGrid): SafeHtml {
  return html`<h1>Parity</h1>${liveRegion('parity', ['parity'], gridContent(grid))}`;
}
