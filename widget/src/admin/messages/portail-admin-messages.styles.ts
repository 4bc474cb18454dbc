import { css } from 'lit';

export const portailAdminMessagesStyles = css`
  .thread {
    margin: 1em 0;
    padding: 0;
    list-style: none;
  }

  .thread > li {
    margin: 0 0 0.75em;
    padding: 0.5em 0.75em;
    border: 0.0625em solid #d0d4da;
    border-inline-start: 0.3125em solid var(--_portail-muted);
    border-radius: var(--_portail-radius);
  }

  .thread > li.town {
    border-inline-start-color: var(--_portail-primary);
    background: #f4f7fb;
  }

  /* Internal notes must never be mistaken for an answer the family reads. */
  .thread > li.note {
    border: 0.125em dashed #8a6d00;
    border-inline-start-width: 0.3125em;
    background: #fff8d6;
  }

  .note-label {
    display: inline-block;
    margin-inline-start: 0.5em;
    padding: 0 0.5em;
    border-radius: 1em;
    background: #8a6d00;
    color: #ffffff;
    font-size: 0.8125em;
    font-weight: bold;
  }

  .meta {
    margin: 0;
  }

  .body {
    margin: 0.5em 0;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }

  .badge.state-unread {
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
  }

  .badge.state-waiting {
    background: #fff1c2;
    color: var(--_portail-text);
  }

  .badge.state-closed {
    background: #f4f5f7;
    color: var(--_portail-muted);
  }

  tr.unread th {
    font-weight: bold;
  }

  .reply,
  .note-form {
    margin-block-start: 1em;
  }

  .counts {
    margin: 0 0 0.75em;
    color: var(--_portail-muted);
  }
`;
