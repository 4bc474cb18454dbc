import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { PortailApiError } from '../../api/errors.js';
import { formatDate, formatDateTime } from '../../base/format.js';
import type { DownloadedFile } from '../api/client.js';
import {
  childFiche,
  familyExportJson,
  familyExportPdf,
  getFamily,
  issueCode,
  readSensitive,
  searchFamilies,
  sendReset,
  updateFamily,
  type FamilyChild,
  type FamilyDetail,
  type FamilyPage,
  type Guardian,
  type HealthRead,
  type IbanRead,
  type IssuedCode,
} from '../api/families.js';
import { AdminElement } from '../base/admin-element.js';
import { adminStyles } from '../base/admin.styles.js';
import { saveFile } from '../base/files.js';
import { textField } from '../base/fields.js';
import { portailAdminFamiliesStyles } from './portail-admin-families.styles.js';

/** French names of the groups of the family file, by the server's group keys. */
const GROUP_LABELS: Record<string, () => string> = {
  responsable: () => msg('Responsable légal'),
  conjoint: () => msg('Conjoint'),
  contact: () => msg('Coordonnées'),
  fiscal: () => msg('Informations fiscales'),
  bank: () => msg('Coordonnées bancaires'),
  notifications: () => msg('Adresses de notification'),
  household: () => msg('Composition du foyer'),
  child_identity: () => msg('Identité de l’enfant'),
  child_health: () => msg('Santé de l’enfant'),
  child_pickup: () => msg('Personnes autorisées'),
  child_complementary: () => msg('Informations complémentaires'),
  login_email: () => msg('Adresse e-mail de connexion'),
};

const orDash = (text: string) => text || '–';

/**
 * @summary "Familles": find a family by name, number, child or e-mail, read its detail (account
 * state, guardians, children, pending requests) and act for it: a new activation code, a reset
 * e-mail, its name and account e-mail corrected, health data or IBAN shown on request (each read
 * is recorded). Admins also see the import.
 */
export class PortailAdminFamilies extends AdminElement {
  static override styles = [adminStyles, portailAdminFamiliesStyles];

  /** Admins see the import form. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false;

  @state() private page?: FamilyPage;
  @state() private current?: FamilyDetail;
  @state() private issued?: IssuedCode;
  @state() private health?: HealthRead;
  @state() private iban?: IbanRead;
  /** The name and e-mail as typed in the change form; undefined until edited. */
  @state() private draft?: { name: string; email: string };
  private query = '';
  private loading?: AbortController;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.loading?.abort();
  }

  override render() {
    return html`<section class="card" aria-labelledby="families-title">
        <h2 id="families-title">${msg('Familles')}</h2>
        ${this.renderMessages()}
        <form class="inline-form" role="search" aria-label=${msg('Rechercher une famille')} @submit=${this.search} novalidate>
          <div class="field">
            <label for="family-query">${msg('Rechercher une famille')}</label>
            <input id="family-query" name="q" type="search" maxlength="80" autocomplete="off" aria-describedby="family-query-hint" />
            <p class="hint" id="family-query-hint">${msg('Nom, numéro de famille, prénom ou nom d’un enfant, ou e-mail. Laissez vide pour tout afficher.')}</p>
          </div>
          <button type="submit" ?disabled=${this.busy}>${msg('Rechercher')}</button>
        </form>
        ${this.page ? this.renderResults(this.page) : ''} ${this.current ? this.renderDetail(this.current) : ''}
      </section>
      <portail-admin-families-letters></portail-admin-families-letters>
      ${this.canEdit ? html`<portail-admin-families-import></portail-admin-families-import>` : ''}`;
  }

  private renderResults(page: FamilyPage) {
    if (!page.items.length) return html`<p>${msg('Aucune famille ne correspond à cette recherche.')}</p>`;
    return html`<div class="table-wrap"><table>
        <caption>${page.total > 1
          ? msg(str`${page.total} familles trouvées – page ${page.page} sur ${page.pages}`)
          : msg(str`${page.total} famille trouvée – page ${page.page} sur ${page.pages}`)}</caption>
        <thead>
          <tr><th scope="col">${msg('Famille')}</th><th scope="col">${msg('N° de famille')}</th><th scope="col">${msg('Enfants')}</th><th scope="col">${msg('Compte')}</th><th scope="col">${msg('Action')}</th></tr>
        </thead>
        <tbody>
          ${page.items.map(
            (f) => html`<tr>
              <th scope="row">${f.name}</th><td>${f.familyNumber}</td><td>${f.children.join(', ')}</td>
              <td>${f.activatedAt ? msg('Activé') : msg('Jamais activé')}</td>
              <td><button type="button" class="link" aria-label=${msg(str`Voir le détail de ${f.name} (n° ${f.familyNumber})`)} @click=${() => this.open(f.id)}>${msg('Voir le détail')}</button></td>
            </tr>`,
          )}
        </tbody>
      </table></div>
      ${page.pages > 1
        ? html`<nav class="pager" aria-label=${msg('Pages de résultats')}>
            <button type="button" ?disabled=${page.page <= 1 || this.busy} @click=${() => this.load(page.page - 1)}>${msg('Page précédente')}</button>
            <button type="button" ?disabled=${page.page >= page.pages || this.busy} @click=${() => this.load(page.page + 1)}>${msg('Page suivante')}</button>
          </nav>`
        : ''}`;
  }

  private renderDetail(f: FamilyDetail) {
    return html`<article aria-labelledby="family-title">
      <h3 id="family-title" tabindex="-1">${msg(str`${f.name} – n° ${f.familyNumber}`)}</h3>
      ${this.renderAccount(f)} ${this.renderChange(f)} ${this.renderEditions(f)}
      <section aria-labelledby="guardians-title">
        <h4 id="guardians-title">${msg('Responsables')}</h4>
        ${f.guardians.length ? f.guardians.map((g) => this.renderGuardian(g)) : html`<p>${msg('Aucun responsable enregistré.')}</p>`}
      </section>
      ${this.renderChildren(f)}
      <section aria-labelledby="requests-title">
        <h4 id="requests-title">${msg('Demandes de modification en attente')}</h4>
        ${f.changeRequests.length
          ? html`<ul class="plain">
              ${f.changeRequests.map((r) => {
                const group = Object.hasOwn(GROUP_LABELS, r.fieldGroup) ? GROUP_LABELS[r.fieldGroup]!() : r.fieldGroup;
                return html`<li>${msg(str`${group}${r.childName ? ` (${r.childName})` : ''} – demandé le ${formatDateTime(r.requestedAt)}`)}</li>`;
              })}
            </ul>`
          : html`<p>${msg('Aucune demande en attente.')}</p>`}
      </section>
    </article>`;
  }

  private renderAccount(f: FamilyDetail) {
    return html`<section aria-labelledby="account-title">
      <h4 id="account-title">${msg('Compte')}</h4>
      <dl>
        <dt>${msg('État')}</dt><dd>${f.account.label}</dd>
        <dt>${msg('E-mail')}</dt><dd>${f.email ?? msg('Aucun')}</dd>
        <dt>${msg('IBAN')}</dt><dd>${f.ibanMasked ?? msg('Non renseigné')}</dd>
      </dl>
      <div class="actions">
        ${f.account.activated
          ? html`<button type="button" ?disabled=${this.busy} @click=${() => this.reset(f)}>${msg('Envoyer un e-mail de réinitialisation')}</button>`
          : html`<button type="button" ?disabled=${this.busy} @click=${() => this.letter(f)}>
              ${f.account.activationLetterPending ? msg('Renvoyer une lettre d’activation') : msg('Envoyer une lettre d’activation')}
            </button>`}
        ${f.hasIban ? html`<button type="button" ?disabled=${this.busy} @click=${() => this.showIban(f)}>${msg('Afficher l’IBAN complet')}</button>` : ''}
      </div>
      ${this.issued
        ? html`<div class="description" role="status">
            <p>${msg(str`Code d’activation de la famille n° ${this.issued.familyNumber} :`)} <span class="code">${this.issued.code}</span></p>
            <p>${msg(str`Valable jusqu’au ${formatDateTime(this.issued.expiresAt)}.`)} ${this.issued.message}</p>
          </div>`
        : ''}
      ${this.iban
        ? html`<p class="description">
            ${msg('IBAN :')} <span class="code">${this.iban.iban}</span>${this.iban.bic ? ` – BIC ${this.iban.bic}` : ''} ${msg('(consultation enregistrée)')}
          </p>`
        : ''}
    </section>`;
  }

  /** The family's name and account e-mail, corrected by staff (the change is recorded in its history). */
  private renderChange(f: FamilyDetail) {
    const draft = this.draftOf(f);
    const edit = (key: 'name' | 'email') => (value: string) => (this.draft = { ...this.draftOf(f), [key]: value });
    return html`<section aria-labelledby="change-title">
      <h4 id="change-title">${msg('Modifier la famille')}</h4>
      <form novalidate @submit=${(event: SubmitEvent) => this.saveChange(event, f)}>
        ${textField({ id: 'name', label: msg('Nom de la famille'), value: draft.name, error: this.fields.name, maxlength: 120, onInput: edit('name') })}
        ${textField({ id: 'email', label: msg('E-mail du compte'), type: 'email', value: draft.email, error: this.fields.email, hint: msg('Laissez vide pour retirer l’adresse.'), onInput: edit('email') })}
        <button type="submit" ?disabled=${this.busy}>${msg('Enregistrer les modifications')}</button>
      </form>
    </section>`;
  }

  private draftOf(f: FamilyDetail) {
    return this.draft ?? { name: f.name, email: f.email ?? '' };
  }

  private async saveChange(event: SubmitEvent, f: FamilyDetail) {
    event.preventDefault();
    const draft = this.draftOf(f);
    const name = draft.name.trim();
    if (!name) {
      this.fields = { name: msg('Le nom de la famille est obligatoire.') };
      return this.submitChecked(null, async () => {});
    }
    const ok = await this.run(async () => {
      this.current = await updateFamily(f.id, { name, email: draft.email.trim() });
      this.draft = undefined;
    }, msg('Les modifications de la famille sont enregistrées.'));
    if (!ok) await this.focusFirstInvalid();
  }

  private renderEditions(f: FamilyDetail) {
    return html`<section aria-labelledby="editions-title">
      <h4 id="editions-title">${msg('Éditions du dossier')}</h4>
      <div class="actions">
        <button type="button" aria-describedby="editions-hint" ?disabled=${this.busy} @click=${() => this.download(() => familyExportPdf(f.id))}>${msg('Dossier complet (PDF)')}</button>
        <button type="button" aria-describedby="editions-hint" ?disabled=${this.busy} @click=${() => this.download(() => familyExportJson(f.id))}>${msg('Données (JSON)')}</button>
      </div>
      <p class="hint" id="editions-hint">${msg('Le dossier et les fiches contiennent des données de santé : chaque édition est enregistrée avec votre nom.')}</p>
    </section>`;
  }

  private renderGuardian(g: Guardian) {
    const role = g.role === 'responsable' ? msg('Responsable') : msg('Conjoint');
    const address = [g.addressLine1, g.addressLine2, [g.postalCode, g.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    const phones = [
      g.phoneMobile && msg(str`portable ${g.phoneMobile}`),
      g.phoneHome && msg(str`domicile ${g.phoneHome}`),
      g.phoneWork && msg(str`travail ${g.phoneWork}`),
    ].filter(Boolean);
    return html`<dl aria-label=${role}>
      <dt>${role}</dt><dd>${g.firstName} ${g.lastName}</dd>
      <dt>${msg('Adresse')}</dt><dd>${orDash(address)}</dd>
      <dt>${msg('Téléphones')}</dt><dd>${orDash(phones.join(', '))}</dd>
    </dl>`;
  }

  private renderChildren(f: FamilyDetail) {
    return html`<section aria-labelledby="children-title">
      <h4 id="children-title">${msg('Enfants')}</h4>
      ${f.children.length
        ? html`<div class="table-wrap"><table>
              <caption>${msg(str`Enfants de ${f.name}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">${msg('Enfant')}</th><th scope="col">${msg('Né(e) le')}</th><th scope="col">${msg('École, classe')}</th>
                  <th scope="col">${msg('Régime')}</th><th scope="col" class="number">${msg('Inscriptions')}</th>
                </tr>
              </thead>
              <tbody>
                ${f.children.map(
                  (c) => html`<tr>
                    <th scope="row">${c.firstName} ${c.lastName}</th><td>${c.birthDate ? formatDate(c.birthDate) : '–'}</td>
                    <td>${orDash([c.school, c.className].filter(Boolean).join(', '))}</td><td>${c.dietLabel}</td><td class="number">${c.enrollments}</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>
            <ul class="plain" aria-label=${msg('Fiches des enfants')}>
              ${f.children.map((c) => this.renderFiches(f, c))}
            </ul>`
        : html`<p>${msg('Aucun enfant enregistré.')}</p>`}
      ${f.children.some((c) => c.hasHealthData)
        ? html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${() => this.showHealth(f)}>${msg('Afficher les données de santé')}</button></div>
            <p class="hint">${msg('Chaque consultation est enregistrée avec votre nom.')}</p>`
        : ''}
      ${this.health
        ? html`<ul class="plain">
            ${this.health.children.map(
              (c) => html`<li>
                ${c.firstName} :
                ${c.health ? Object.entries(c.health).map(([k, v]) => `${k} : ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ; ') : msg('aucune donnée')}
              </li>`,
            )}
          </ul>`
        : ''}
    </section>`;
  }

  private renderFiches(f: FamilyDetail, c: FamilyChild) {
    const name = `${c.firstName} ${c.lastName}`;
    return html`<li>
      <span>${name}</span>
      <span class="actions">
        <button type="button" aria-label=${msg(str`Fiche simple (PDF) de ${name}`)} ?disabled=${this.busy} @click=${() => this.download(() => childFiche(f.id, c.id, 'simple'))}>
          ${msg('Fiche simple (PDF)')}
        </button>
        <button type="button" aria-label=${msg(str`Fiche complète (PDF) de ${name}`)} ?disabled=${this.busy} @click=${() => this.download(() => childFiche(f.id, c.id, 'complete'))}>
          ${msg('Fiche complète (PDF)')}
        </button>
      </span>
    </li>`;
  }

  /** A family that no longer exists leaves the detail. */
  protected override showFailure(error: unknown): void {
    super.showFailure(error);
    if (error instanceof PortailApiError && error.status === 404) this.current = undefined;
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
      this.issued = this.health = this.iban = this.draft = undefined;
    });
    if (ok) await this.focusOn('#family-title');
  }

  private letter(f: FamilyDetail) {
    return this.run(async () => {
      this.issued = await issueCode(f.id);
      this.current = await getFamily(f.id);
    });
  }

  private reset(f: FamilyDetail) {
    let message = '';
    return this.run(
      async () => {
        message = (await sendReset(f.id)).message;
      },
      () => message,
    );
  }

  private showHealth(f: FamilyDetail) {
    return this.run(async () => {
      this.health = await readSensitive<HealthRead>(f.id, 'donnees_sante');
    }, msg('Données de santé affichées ; la consultation est enregistrée.'));
  }

  private showIban(f: FamilyDetail) {
    return this.run(async () => {
      this.iban = await readSensitive<IbanRead>(f.id, 'iban');
    }, msg('IBAN affiché ; la consultation est enregistrée.'));
  }

  /** A file of the family through fetch → Blob → object URL (the session cookie goes along). */
  private async download(fetchFile: () => Promise<DownloadedFile>) {
    const from = this.shadowRoot?.activeElement as HTMLElement | null;
    let name = '';
    await this.run(
      async () => {
        const file = await fetchFile();
        saveFile(file);
        name = file.filename;
      },
      () => msg(str`Fichier « ${name} » téléchargé ; l’édition est enregistrée.`),
    );
    await this.updateComplete;
    from?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portail-admin-families': PortailAdminFamilies;
  }
}
