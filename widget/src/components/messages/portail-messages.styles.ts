import { css } from 'lit';

export const messagesStyles = css`
  ul,
  ol {
    margin: 0 0 1em;
    padding: 0;
    list-style: none;
  }

  .inbox li {
    border-block-end: 0.0625em solid #d0d4da;
  }

  .inbox button {
    display: grid;
    gap: 0.125em;
    width: 100%;
    min-height: 2.75em;
    padding: 0.625em 0.25em;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }

  .inbox button:hover .subject {
    text-decoration: underline;
  }

  .inbox .unread .subject {
    font-weight: bold;
  }

  .line {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75em;
    align-items: baseline;
  }

  .who,
  .when,
  .preview,
  .topic {
    color: var(--_portail-muted);
    font-size: 0.875em;
  }

  .preview,
  .subject,
  .body,
  .attachments {
    overflow-wrap: anywhere;
  }

  .badge {
    display: inline-block;
    padding: 0 0.5em;
    border-radius: 1em;
    font-size: 0.8125em;
    font-weight: bold;
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }

  .badge-muted {
    background: #e4e7eb;
    color: var(--_portail-text);
  }

  .thread > li {
    margin: 0 0 0.75em;
    padding: 0.625em 0.75em;
    border: 0.0625em solid #d0d4da;
    border-inline-start: 0.25em solid var(--_portail-primary);
    border-radius: var(--_portail-radius);
  }

  .thread > li.mine {
    border-inline-start-color: var(--_portail-muted);
    background: #f6f7f9;
  }

  .thread h3 {
    margin: 0;
    font-size: 1em;
  }

  /* Plain text: the line breaks the author typed, nothing else. */
  .body {
    margin: 0.5em 0;
    white-space: pre-line;
  }

  .attachments button {
    min-height: 2.75em;
    padding: 0.25em 0;
    border: 0;
    background: none;
    font-weight: normal;
    text-align: start;
    text-decoration: underline;
  }

  .actions {
    margin: 0 0 1em;
  }

  .help-link {
    font-size: 0.875em;
  }
`;
