import { html, nothing, type LitElement, type ReactiveController } from 'lit';
import { msg } from '@lit/localize';
import type { ApiClient } from '../../api/client.js';
import { isAbort, PortailApiError } from '../../api/errors.js';
import { downloadFile } from '../../base/download.js';
import { errorText, fieldErrorText } from '../../base/error-text.js';
import type { FieldDef } from './famille-fields.js';
import { errorSummary, idOf, type Fold } from './famille-form.js';

interface Message {
  key: string;
  text: string;
}

/**
 * How `<portail-famille>` is edited: one form open at a time, one write at a time, and each
 * section's status and alert regions. Everything is keyed by a form key
 * (`child_health:<childId>`), so that a message shows in the section it belongs to.
 */
export class FamilleEditing implements ReactiveController {
  /** Key of the open form, if any. */
  open: string | null = null;
  /** Key of the pickup person whose removal waits for confirmation. */
  removing: string | null = null;
  errors: Record<string, string> = {};
  alert: Message | null = null;
  notice: Message | null = null;
  busy: Message | null = null;

  /** Whether sections start folded (a phone); `#toggled` holds those the parent turned the other way. */
  #foldedByDefault = false;
  #toggled = new Set<string>();

  #writes?: AbortController;

  constructor(
    private readonly host: LitElement,
    private readonly client: () => ApiClient | undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#writes?.abort();
  }

  /** A top-level section shows only its heading while folded. */
  isFolded(key: string): boolean {
    return this.#foldedByDefault !== this.#toggled.has(key);
  }

  toggleFold(key: string): void {
    if (!this.#toggled.delete(key)) this.#toggled.add(key);
    this.host.requestUpdate();
  }

  unfold(key: string): void {
    if (this.isFolded(key)) this.toggleFold(key);
  }

  /** Folds (or unfolds) every section, forgetting the parent's choices one by one. */
  foldAll(folded: boolean): void {
    this.#foldedByDefault = folded;
    this.#toggled.clear();
    this.host.requestUpdate();
  }

  /** What a top-level heading needs to fold its section. */
  foldOf(key: string): Fold {
    return { folded: this.isFolded(key), toggle: () => this.toggleFold(key) };
  }

  /** The parent signed out: nothing stays open. */
  closeAll(): void {
    this.open = null;
    this.alert = this.notice = null;
    this.host.requestUpdate();
  }

  /** A confirmation in the section of `key`, for an action that sends nothing (a copy). */
  notify(key: string, text: string): void {
    this.alert = null;
    this.notice = { key, text };
    this.host.requestUpdate();
  }

  clearMessages(): void {
    this.alert = this.notice = null;
    this.host.requestUpdate();
  }

  confirmRemoval(key: string | null): void {
    this.removing = key;
    this.host.requestUpdate();
  }

  #focus(id: string | null, selector?: string): void {
    void this.host.updateComplete.then(() => {
      const root = this.host.shadowRoot;
      const target = id ? root?.getElementById(id) : root;
      (selector ? target?.querySelector<HTMLElement>(selector) : (target as HTMLElement | null))?.focus();
    });
  }

  edit(key: string): void {
    this.open = key;
    this.errors = {};
    this.alert = this.notice = null;
    this.removing = null;
    this.host.requestUpdate();
    this.#focus(`${idOf(key)}-form`, 'input, select, textarea');
  }

  cancel(focusKey: string): void {
    this.open = null;
    this.errors = {};
    this.alert = null;
    this.host.requestUpdate();
    this.#focus(`${idOf(focusKey)}-h`);
  }

  showErrors(key: string, errors: Record<string, string>, text: string): void {
    this.errors = errors;
    this.alert = { key, text };
    this.host.requestUpdate();
    // Only the form of `key` shows field errors, so the first invalid control is its own.
    this.#focus(null, '[aria-invalid="true"]');
  }

  /** Client-side checks failed: nothing is sent. */
  invalid(key: string, errors: Record<string, string>): boolean {
    if (Object.keys(errors).length === 0) return false;
    this.showErrors(key, errors, msg('Le formulaire contient des erreurs. Veuillez les corriger.'));
    return true;
  }

  /**
   * Runs one write at a time. Success closes the form, shows `action`'s sentence in the
   * section's status region and moves focus to the section heading; failure keeps the form,
   * marks the fields the server names and summarises them in the section's alert region.
   */
  async write(key: string, busyText: string, action: (signal: AbortSignal) => Promise<string>): Promise<void> {
    if (this.busy || !this.client()) return;
    this.#writes = new AbortController();
    this.busy = { key, text: busyText };
    this.alert = this.notice = null;
    this.errors = {};
    this.host.requestUpdate();
    try {
      const text = await action(this.#writes.signal);
      this.open = this.removing = null;
      this.notice = { key, text };
      this.host.requestUpdate();
      this.#focus(`${idOf(key)}-h`);
    } catch (error) {
      if (isAbort(error)) return;
      const fields: Record<string, string> = {};
      if (error instanceof PortailApiError) {
        for (const name of Object.keys(error.fields)) fields[name] = fieldErrorText(error, name) ?? '';
        if (error.code === 'mot_de_passe_incorrect') fields.password = errorText(error);
      }
      this.showErrors(key, fields, errorText(error));
    } finally {
      this.busy = null;
      this.host.requestUpdate();
    }
  }

  /** A file behind the session (export, child file, document), announced in the section of `key`. */
  async download(key: string, path: string, fallbackName: string): Promise<void> {
    const client = this.client();
    if (this.busy || !client) return;
    this.busy = { key, text: msg('Préparation du téléchargement…') };
    this.alert = this.notice = null;
    this.host.requestUpdate();
    try {
      await downloadFile(client, path, fallbackName, this.host.renderRoot);
    } catch (error) {
      this.alert = { key, text: errorText(error) };
    } finally {
      this.busy = null;
      this.host.requestUpdate();
    }
  }

  isOpen(key: string): boolean {
    return this.open === key;
  }

  errorOf(key: string, name: string): string | undefined {
    return this.alert?.key === key ? this.errors[name] || undefined : undefined;
  }

  /** The section's status and alert regions; they stay in the DOM so that changes are announced. */
  messages(key: string, defs: FieldDef[] = []) {
    const status = this.busy?.key === key ? this.busy.text : this.notice?.key === key ? this.notice.text : '';
    return html`<div role="status" class="status">${status
        ? html`<p class=${this.busy ? '' : 'notice'}>${status}</p>`
        : nothing}</div><div class="alert" role="alert">${this.alert?.key === key
        ? errorSummary(this.alert.text, this.errors, defs)
        : nothing}</div>`;
  }

  formActions(focusKey: string, submit = msg('Enregistrer')) {
    return html`<div class="actions">
      <button part="button button-primary" type="submit" class="primary">${submit}</button>
      <button part="button" type="button" @click=${() => this.cancel(focusKey)}>${msg('Annuler')}</button>
    </div>`;
  }

  editButton(key: string, title: string, label = msg('Modifier')) {
    return html`<button part="button" type="button" @click=${() => this.edit(key)}>
      ${label}<span class="visually-hidden"> : ${title}</span>
    </button>`;
  }
}
