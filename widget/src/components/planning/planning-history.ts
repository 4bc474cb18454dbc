import { html } from 'lit';
import { msg } from '@lit/localize';
import type { HistoryEntry } from '../../api/planning.js';
import { historyText } from './planning-text.js';

/** The panel of the latest changes; `entries` stands for the list while it loads, fails or shows. */
export function historyPanel(entries: unknown) {
  return html`<section class="history" part="history" aria-labelledby="history-heading">
    <h3 id="history-heading">${msg('Mes dernières modifications')}</h3>
    ${entries}
  </section>`;
}

/** The latest changes, grouped by service. */
export function historyEntries(entries: HistoryEntry[]) {
  if (entries.length === 0) return html`<p>${msg('Aucune modification récente.')}</p>`;
  const byService = new Map<string, HistoryEntry[]>();
  for (const entry of entries) byService.set(entry.serviceLabel, [...(byService.get(entry.serviceLabel) ?? []), entry]);
  return [...byService].map(
    ([service, list]) => html`<h4>${service}</h4>
      <ul>
        ${list.map((entry) => html`<li>${historyText(entry)}</li>`)}
      </ul>`,
  );
}
