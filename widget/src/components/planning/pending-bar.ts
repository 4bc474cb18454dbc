import { css, html, nothing } from 'lit';

/**
 * The bar of what waits for the parent's confirmation ("3 modifications en attente ·
 * Valider"), kept at the bottom of the screen while the page scrolls so the count and the
 * button stay in sight. A template, not an element: whoever draws it hands in the lines and the
 * actions, and includes `pendingBarStyles`. Several lines can share the bar (the planning's
 * changes, a basket waiting to be paid); the bar sticks while one of them has a count.
 */

export interface PendingAction {
  label: string;
  /** The accessible name when the visible label alone would be ambiguous. */
  name?: string;
  primary?: boolean;
  /** A `part` name for theming (`submit`). */
  part?: string;
  /** A link instead of a button. */
  href?: string;
  onClick?: () => void;
}

export interface PendingLine {
  /** What waits: 0 leaves the line out. */
  count: number;
  /** "3 modifications en attente". */
  label: string;
  /** A sentence under the label ("Vos modifications ne sont enregistrées qu’après validation."). */
  hint?: string;
  actions: readonly PendingAction[];
}

export interface PendingBarOptions {
  lines: readonly PendingLine[];
  /** An operation under way ("Enregistrement de vos modifications…"), announced instead of the labels. */
  busy?: string;
  /** The last failure, announced as an alert. */
  alert?: string;
}

function action(a: PendingAction) {
  if (a.href) {
    return html`<a class="button ${a.primary ? 'primary' : ''}" part=${a.part ?? nothing} href=${a.href} aria-label=${a.name ?? nothing}
      >${a.label}</a
    >`;
  }
  return html`<button type="button" class=${a.primary ? 'primary' : ''} part=${a.part ?? nothing} aria-label=${a.name ?? nothing} @click=${a.onClick}>
    ${a.label}
  </button>`;
}

/** The bar; the status line and the alert are always in the page so that their changes are announced. */
export function pendingBar(options: PendingBarOptions) {
  const lines = options.lines.filter((l) => l.count > 0);
  const active = lines.length > 0 || !!options.busy;
  return html`<div class="pending-bar ${active ? 'active' : ''}" part="pending-bar">
    <p role="status" class="status">${options.busy || lines.map((l) => l.label).join(' · ')}</p>
    ${options.busy
      ? nothing
      : lines.map(
          (line) => html`<div class="pending-line">
            ${line.hint ? html`<p class="hint">${line.hint}</p>` : nothing}
            <div class="actions">${line.actions.map(action)}</div>
          </div>`,
        )}
    <div class="alert" role="alert">${options.alert ?? ''}</div>
  </div>`;
}

export const pendingBarStyles = css`
  .pending-bar {
    margin: 0 0 1em;
  }

  .pending-bar .status:not(:empty) {
    margin: 0 0 0.25em;
    font-weight: bold;
  }

  .pending-bar .hint {
    margin: 0 0 0.5em;
    font-size: 0.875em;
  }

  .pending-bar .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .pending-bar .alert:empty {
    display: none;
  }

  /* Something waits: the bar stays at the bottom of the screen while the page scrolls. */
  .pending-bar.active {
    position: sticky;
    inset-block-end: 0;
    z-index: 2;
    padding: 0.75em 1em;
    border-block-start: 0.1875em solid var(--_portail-primary);
    background: var(--_portail-surface);
    box-shadow: 0 -0.25em 0.75em rgb(0 0 0 / 0.15);
  }

  .pending-bar .pending-line + .pending-line {
    margin-block-start: 0.5em;
  }

  .pending-bar a.button {
    display: inline-flex;
    align-items: center;
    min-height: 2.75em;
    padding: 0.5em 1em;
    border: 0.125em solid var(--_portail-primary);
    border-radius: var(--_portail-radius);
    color: var(--_portail-primary);
    font-weight: bold;
    text-decoration: none;
  }

  .pending-bar a.button.primary {
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }

  /* A phone: the bar takes little of the screen, its two buttons side by side. */
  @media (max-width: 36em) {
    .pending-bar.active {
      padding: 0.5em 0.75em;
    }

    .pending-bar.active .hint {
      display: none;
    }

    .pending-bar.active .actions > * {
      flex: 1 1 8em;
      padding-inline: 0.5em;
      font-size: 0.9375em;
    }
  }

  @media (forced-colors: active) {
    .pending-bar.active {
      border: 0.125em solid CanvasText;
    }
  }
`;
