import { LitElement, html, type CSSResultGroup } from 'lit';
import { state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { Task } from '@lit/task';
import { PortailApiError } from '../../api/errors.js';
import { applyLocale } from '../../base/localization.js';
import { adminStyles } from './admin.styles.js';
import { staffErrorText } from './error-text.js';

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * What every staff element shares: the page language, the staff styles, and one way of
 * showing a change: buttons disabled while it runs, its outcome in the role="status" region,
 * its failure in the role="alert" region with the refused fields marked and the focus on the
 * first of them.
 */
export class AdminElement extends LitElement {
  static override styles: CSSResultGroup = adminStyles;

  /** The failure of the last change, read out by the role="alert" region. */
  @state() protected error = '';
  /** The outcome of the last change, read out by the role="status" region. */
  @state() protected notice = '';
  /** Messages of the refused fields by field name, from the element's own checks or the server's. */
  @state() protected fields: Record<string, string> = {};
  /** A change is on its way: the buttons that would start another one are disabled. */
  @state() protected busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    applyLocale(this);
  }

  /** The alert and status regions of a section, present before anything is said in them. */
  protected renderMessages() {
    return html`<div class="alert" role="alert">${this.error}</div>
      <div class="notice" role="status">${this.notice}</div>`;
  }

  /** A loading task: a status line while it runs, its failure in an alert, then `complete`. */
  protected renderTask<R>(task: Task<readonly unknown[], R>, pendingText: string, complete: (value: R) => unknown) {
    return task.render({
      pending: () => html`<p role="status">${pendingText}</p>`,
      error: (error) => html`<p class="alert" role="alert">${staffErrorText(error)}</p>`,
      complete,
    });
  }

  /** The server's field messages, keyed like the element's fields (elements whose ids differ map them). */
  protected fieldsOf(error: PortailApiError): Record<string, string> {
    return { ...error.fields };
  }

  /** Shows a refused change: its message, and the fields it names. */
  protected showFailure(error: unknown): void {
    this.error = staffErrorText(error);
    if (error instanceof PortailApiError) this.fields = this.fieldsOf(error);
  }

  /**
   * Runs one change: earlier messages cleared, buttons disabled meanwhile, then `done` in the
   * status region or the failure in the alert. An aborted call says nothing. Resolves to
   * whether the change went through.
   */
  protected async run(action: () => Promise<unknown>, done: string | (() => string) = ''): Promise<boolean> {
    this.error = '';
    this.notice = '';
    this.fields = {};
    this.busy = true;
    try {
      await action();
      this.notice = typeof done === 'string' ? done : done();
      return true;
    } catch (error) {
      if (!isAbort(error)) this.showFailure(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Sends a form the element checked first: `input` is null when its own checks failed (their
   * messages already in `fields`). Whoever refuses it, the element or the server, the focus
   * goes to the first refused field; `save` says what went through and moves the focus on.
   */
  protected async submitChecked<T>(input: T | null, save: (input: T) => Promise<void>): Promise<void> {
    this.error = '';
    this.notice = '';
    if (input === null) {
      this.error = msg('Certaines informations sont manquantes ou invalides.');
      return this.focusFirstInvalid();
    }
    this.busy = true;
    try {
      await save(input);
    } catch (error) {
      this.showFailure(error);
      this.busy = false;
      await this.focusFirstInvalid();
    } finally {
      this.busy = false;
    }
  }

  /** Moves the focus to `selector` once the next render is done. */
  protected async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  protected focusFirstInvalid(): Promise<void> {
    return this.focusOn('[aria-invalid="true"]');
  }
}
