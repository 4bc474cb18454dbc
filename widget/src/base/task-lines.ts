import { html } from 'lit';
import { errorText } from './error-text.js';

/** What an element shows while a task loads: announced without interrupting. */
export const loadingLine = (text: string) => html`<p role="status">${text}</p>`;

/** What an element shows when a task failed: announced at once. */
export const failureLine = (error: unknown) => html`<p class="alert" role="alert">${errorText(error)}</p>`;
