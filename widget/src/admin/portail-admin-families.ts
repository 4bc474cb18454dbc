import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PortailApiError } from '../api/errors.js';
import { type DownloadedFile } from './api/client.js';
import { childFiche, type FamilyDetail, familyExportJson, familyExportPdf, type FamilyPage, getFamily, type HealthRead, type IbanRead, issueCode, type IssuedCode, readSensitive, searchFamilies, sendReset } from './api/families.js';
import { staffErrorText } from './base/error-text.js';
import { saveFile } from './base/files.js';
import { adminStyles as planningStyles } from './base/admin.styles.js';
import { formatDate, formatDateTime } from '../base/format.js';

const GROUP_LABELS: Record<string, string> = { child_health: 'Santé de l’enfant', bank: 'Coordonnées bancaires', address: 'Adresse', guardians: 'Responsables' };

/**
 * @summary "Familles": find a family by name, number, child or e-mail, read its detail (account
 * state, guardians, children, pending requests) and act for it: a new activation code, a reset
 * e-mail, health data or IBAN shown on request (each read is recorded). Admins also see the import.
 */
export class PortailAdminFamilies extends LitElement {
  static override styles = [
    ...planningStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25em 1em;
        margin: 0 0 1em;
      }
      dt {
        font-weight: bold;
      }
      dd {
        margin: 0;
      }
      .code {
        font-family: ui-monospace, 'Courier New', monospace;
        font-size: 1.25em;
        letter-spacing: 0.05em;
      }
      .pager {
        display: flex;
        gap: 0.5em;
        align-items: center;
      }
    `,
  ];

  /** Admins see the import form. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private page?: FamilyPage;
  @state() private current?: FamilyDetail;
  @state() private issued?: IssuedCode;
  @state() private health?: HealthRead;
  @state() private iban?: IbanRead;
  @state() private error = '';
  @state() private notice = '';
  @state() private busy = false;
  private query = '';
  private loading?: AbortController;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.loading?.abort();
  }

  override render() {
    return html`<section class="card" aria-labelledby="families-title">
        <h2 id="families-title">Familles</h2>
        <div class="alert" role="alert">${this.error}</div>
        <div class="notice" role="status">${this.notice}</div>
        <form class="inline-form" role="search" aria-label="Rechercher une famille" @submit=${this.search} novalidate>
          <div class="field">
            <label for="family-query">Rechercher une famille</label>
            <input id="family-query" name="q" type="search" maxlength="80" autocomplete="off" aria-describedby="family-query-hint" />
            <p class="hint" id="family-query-hint">Nom, numéro de famille, prénom ou nom d’un enfant, ou e-mail. Laissez vide pour tout afficher.</p>
          </div>
          <button type="submit" ?disabled=${this.busy}>Rechercher</button>
        </form>
        ${this.page ? this.renderResults(this.page) : ''} ${this.current ? this.renderDetail(this.current) : ''}
      </section>
      <portail-admin-families-letters></portail-admin-families-letters>
      ${this.canEdit ? html`<portail-admin-families-import></portail-admin-families-import>` : ''}`;
  }

  private renderResults(page: FamilyPage) {
    if (!page.items.length) return html`<p>Aucune famille ne correspond à cette recherche.</p>`;
    return html`<div class="table-wrap"><table>
        <caption>${page.total} famille${page.total > 1 ? 's' : ''} trouvée${page.total > 1 ? 's' : ''} – page ${page.page} sur ${page.pages}</caption>
        <thead><tr><th scope="col">Famille</th><th scope="col">N° de famille</th><th scope="col">Enfants</th><th scope="col">Compte</th><th scope="col">Action</th></tr></thead>
        <tbody>
          ${page.items.map(
            (f) => html`<tr>
              <th scope="row">${f.name}</th><td>${f.familyNumber}</td><td>${f.children.join(', ')}</td>
              <td>${f.activatedAt ? 'Activé' : 'Jamais activé'}</td>
              <td><button type="button" class="link" aria-label=${`Voir le détail de ${f.name} (n° ${f.familyNumber})`} @click=${() => this.open(f.id)}>Voir le détail</button></td>
            </tr>`,
          )}
        </tbody>
      </table></div>
      ${page.pages > 1
        ? html`<nav class="pager" aria-label="Pages de résultats">
            <button type="button" ?disabled=${page.page <= 1 || this.busy} @click=${() => this.load(page.page - 1)}>Page précédente</button>
            <button type="button" ?disabled=${page.page >= page.pages || this.busy} @click=${() => this.load(page.page + 1)}>Page suivante</button>
          </nav>`
        : ''}`;
  }

  private renderDetail(f: FamilyDetail) {
    return html`<article aria-labelledby="family-title">
      <h3 id="family-title" tabindex="-1">${f.name} – n° ${f.familyNumber}</h3>
      <section aria-labelledby="account-title">
        <h4 id="account-title">Compte</h4>
        <dl>
          <dt>État</dt><dd>${f.account.label}</dd>
          <dt>E-mail</dt><dd>${f.email ?? 'Aucun'}</dd>
          <dt>IBAN</dt><dd>${f.ibanMasked ?? 'Non renseigné'}</dd>
        </dl>
        <div class="actions">
          ${f.account.activated
            ? html`<button type="button" ?disabled=${this.busy} @click=${() => this.reset(f)}>Envoyer un e-mail de réinitialisation</button>`
            : html`<button type="button" ?disabled=${this.busy} @click=${() => this.letter(f)}>${f.account.activationLetterPending ? 'Renvoyer' : 'Envoyer'} une lettre d’activation</button>`}
          ${f.hasIban ? html`<button type="button" ?disabled=${this.busy} @click=${() => this.showIban(f)}>Afficher l’IBAN complet</button>` : ''}
        </div>
        ${this.issued
          ? html`<div class="description" role="status">
              <p>Code d’activation de la famille n° ${this.issued.familyNumber} : <span class="code">${this.issued.code}</span></p>
              <p>Valable jusqu’au ${formatDateTime(this.issued.expiresAt)}. ${this.issued.message}</p>
            </div>`
          : ''}
        ${this.iban ? html`<p class="description">IBAN : <span class="code">${this.iban.iban}</span>${this.iban.bic ? ` – BIC ${this.iban.bic}` : ''} (consultation enregistrée)</p>` : ''}
      </section>
      <section aria-labelledby="editions-title">
        <h4 id="editions-title">Éditions du dossier</h4>
        <div class="actions">
          <button type="button" aria-describedby="editions-hint" ?disabled=${this.busy} @click=${() => this.download(() => familyExportPdf(f.id))}>Dossier complet (PDF)</button>
          <button type="button" aria-describedby="editions-hint" ?disabled=${this.busy} @click=${() => this.download(() => familyExportJson(f.id))}>Données (JSON)</button>
        </div>
        <p class="hint" id="editions-hint">Le dossier et les fiches contiennent des données de santé : chaque édition est enregistrée avec votre nom.</p>
      </section>
      <section aria-labelledby="guardians-title">
        <h4 id="guardians-title">Responsables</h4>
        ${f.guardians.length
          ? f.guardians.map(
              (g) => html`<dl aria-label=${g.role === 'responsable' ? 'Responsable' : 'Conjoint'}>
                <dt>${g.role === 'responsable' ? 'Responsable' : 'Conjoint'}</dt><dd>${g.firstName} ${g.lastName}</dd>
                <dt>Adresse</dt><dd>${[g.addressLine1, g.addressLine2, [g.postalCode, g.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '–'}</dd>
                <dt>Téléphones</dt><dd>${[g.phoneMobile && `portable ${g.phoneMobile}`, g.phoneHome && `domicile ${g.phoneHome}`, g.phoneWork && `travail ${g.phoneWork}`].filter(Boolean).join(', ') || '–'}</dd>
              </dl>`,
            )
          : html`<p>Aucun responsable enregistré.</p>`}
      </section>
      <section aria-labelledby="children-title">
        <h4 id="children-title">Enfants</h4>
        ${f.children.length
          ? html`<div class="table-wrap"><table>
              <caption>Enfants de ${f.name}</caption>
              <thead><tr><th scope="col">Enfant</th><th scope="col">Né(e) le</th><th scope="col">École, classe</th><th scope="col">Régime</th><th scope="col" class="number">Inscriptions</th></tr></thead>
              <tbody>
                ${f.children.map(
                  (c) => html`<tr>
                    <th scope="row">${c.firstName} ${c.lastName}</th><td>${c.birthDate ? formatDate(c.birthDate) : '–'}</td>
                    <td>${[c.school, c.className].filter(Boolean).join(', ') || '–'}</td><td>${c.dietLabel}</td><td class="number">${c.enrollments}</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>
            <ul class="plain" aria-label="Fiches des enfants">
              ${f.children.map(
                (c) => html`<li>
                  <span>${c.firstName} ${c.lastName}</span>
                  <span class="actions">
                    <button type="button" aria-label=${`Fiche simple (PDF) de ${c.firstName} ${c.lastName}`} ?disabled=${this.busy} @click=${() => this.download(() => childFiche(f.id, c.id, 'simple'))}>Fiche simple (PDF)</button>
                    <button type="button" aria-label=${`Fiche complète (PDF) de ${c.firstName} ${c.lastName}`} ?disabled=${this.busy} @click=${() => this.download(() => childFiche(f.id, c.id, 'complete'))}>Fiche complète (PDF)</button>
                  </span>
                </li>`,
              )}
            </ul>`
          : html`<p>Aucun enfant enregistré.</p>`}
        ${f.children.some((c) => c.hasHealthData)
          ? html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${() => this.showHealth(f)}>Afficher les données de santé</button></div>
              <p class="hint">Chaque consultation est enregistrée avec votre nom.</p>`
          : ''}
        ${this.health
          ? html`<ul class="plain">
              ${this.health.children.map(
                (c) => html`<li>${c.firstName} : ${c.health ? Object.entries(c.health).map(([k, v]) => `${k} : ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ; ') : 'aucune donnée'}</li>`,
              )}
            </ul>`
          : ''}
      </section>
      <section aria-labelledby="requests-title">
        <h4 id="requests-title">Demandes de modification en attente</h4>
        ${f.changeRequests.length
          ? html`<ul class="plain">
              ${f.changeRequests.map((r) => html`<li>${GROUP_LABELS[r.fieldGroup] ?? r.fieldGroup}${r.childName ? ` (${r.childName})` : ''} – demandé le ${formatDateTime(r.requestedAt)}</li>`)}
            </ul>`
          : html`<p>Aucune demande en attente.</p>`}
      </section>
    </article>`;
  }

  private async run(action: () => Promise<void>, done = '') {
    this.error = '';
    this.notice = '';
    this.busy = true;
    try {
      await action();
      this.notice = done;
      return true;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return false;
      this.error = staffErrorText(error);
      if (error instanceof PortailApiError && error.status === 404) this.current = undefined;
      return false;
    } finally {
      this.busy = false;
    }
  }

  private search(event: SubmitEvent) {
    event.preventDefault();
    this.query = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim();
    return this.load(1);
  }

  private async load(page: number) {
    this.loading?.abort();
    const controller = (this.loading = new AbortController());
    await this.run(async () => {
      this.page = await searchFamilies(this.query, page, controller.signal);
    });
  }

  private async open(familyId: string) {
    const ok = await this.run(async () => {
      this.current = await getFamily(familyId);
      this.issued = this.health = this.iban = undefined;
    });
    if (!ok) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#family-title')?.focus();
  }

  private letter(f: FamilyDetail) {
    return this.run(async () => {
      this.issued = await issueCode(f.id);
      this.current = await getFamily(f.id);
    });
  }

  private reset(f: FamilyDetail) {
    let message = '';
    return this.run(async () => {
      message = (await sendReset(f.id)).message;
    }).then((ok) => {
      if (ok) this.notice = message;
    });
  }

  private showHealth(f: FamilyDetail) {
    return this.run(async () => {
      this.health = await readSensitive<HealthRead>(f.id, 'donnees_sante');
    }, 'Données de santé affichées ; la consultation est enregistrée.');
  }

  /** A file of the family through fetch → Blob → object URL (the session cookie goes along). */
  private async download(fetchFile: () => Promise<DownloadedFile>) {
    const from = this.shadowRoot?.activeElement as HTMLElement | null;
    let name = '';
    const ok = await this.run(async () => {
      const file = await fetchFile();
      saveFile(file);
      name = file.filename;
    });
    if (ok) this.notice = `Fichier « ${name} » téléchargé ; l’édition est enregistrée.`;
    await this.updateComplete;
    from?.focus();
  }

  private showIban(f: FamilyDetail) {
    return this.run(async () => {
      this.iban = await readSensitive<IbanRead>(f.id, 'iban');
    }, 'IBAN affiché ; la consultation est enregistrée.');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-families': PortailAdminFamilies;
  }
}
