import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { FamilyGroup, FileHistoryEntry } from '../../api/famille.js';
import { formatDateTime } from '../../base/format.js';
import { fieldsOf, groupTitle, historyActionLabel, summaryDefs } from './famille-fields.js';
import { sectionHeading } from './famille-form.js';

/** The history section: a button showing or hiding the panel, whose `entries` are only drawn (and loaded) while it is open. */
export function historySection(open: boolean, toggle: () => void, entries: () => unknown) {
  return html`<section part="section" aria-labelledby="history-h">
    ${sectionHeading('history', msg('Historique de ma fiche'))}
    <button part="button" type="button" aria-expanded=${open ? 'true' : 'false'} aria-controls="history-panel" @click=${toggle}>
      ${open ? msg('Masquer l’historique') : msg('Afficher l’historique')}
    </button>
    <div id="history-panel">${open ? entries() : nothing}</div>
  </section>`;
}

/** Who changed what in the file, when, and through which channel. */
export function historyList(entries: FileHistoryEntry[] | undefined) {
  if (!entries?.length) return html`<p>${msg('Aucune modification pour le moment.')}</p>`;
  return html`<ul class="list">
    ${entries.map((e) => {
      const defs = [...fieldsOf(e.group as FamilyGroup, true), ...summaryDefs()];
      // A field by its label; a nested one the form does not show by its parent's ("pai.details" → PAI).
      const labelOf = (f: string) => (defs.find((d) => d.name === f) ?? defs.find((d) => d.name === f.split('.')[0]))?.label;
      const fields = [...new Set(e.fields.map(labelOf).filter(Boolean))].join(', ');
      const channel = e.channel === 'mairie' ? msg('par la mairie') : msg('par internet');
      // What changed first ("Coordonnées : Téléphone portable"), then how and by whom.
      return html`<li>
        <strong>${formatDateTime(e.at)}</strong> – ${groupTitle(e.group)}${e.childName ? ` (${e.childName})` : ''}${fields ? ` : ${fields}` : ''}
        – ${historyActionLabel(e.action).toLocaleLowerCase('fr')} ${channel}
      </li>`;
    })}
  </ul>`;
}
