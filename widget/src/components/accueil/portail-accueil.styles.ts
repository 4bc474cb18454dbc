import { css } from 'lit';

export const accueilStyles = css`
  ul {
    margin: 0 0 1em;
    padding: 0;
    list-style: none;
  }

  .children li {
    padding: 0.5em 0;
    border-block-end: 0.0625em solid #d0d4da;
  }

  .child-name {
    font-weight: bold;
  }

  .child-school {
    display: block;
    color: var(--_portail-muted);
  }

  .shortcuts ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
  }

  .shortcuts a {
    display: inline-flex;
    align-items: center;
    min-height: 2.75em;
    padding: 0.5em 1em;
    border: 0.125em solid var(--_portail-primary);
    border-radius: var(--_portail-radius);
    font-weight: bold;
    text-decoration: none;
  }

  .unread {
    padding: 0.5em 0.75em;
    border-inline-start: 0.25em solid var(--_portail-primary);
    background: #eef3fa;
    font-weight: bold;
  }

  .shortcuts a:hover {
    text-decoration: underline;
  }

  .dashboard {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16em), 1fr));
    gap: 1em;
    margin: 0 0 1.5em;
  }

  .card {
    min-width: 0;
    padding: 1em;
    border: 0.0625em solid #d0d4da;
    border-radius: var(--_portail-radius);
    overflow-wrap: anywhere;
  }

  .card h3 {
    margin-block-end: 0.5em;
  }

  .card h4 {
    margin: 0.5em 0 0.25em;
    font-size: 1em;
  }

  .card ul {
    margin-block-end: 0.75em;
  }

  .muted {
    color: var(--_portail-muted);
  }

  .balance .amount {
    font-size: 1.25em;
    font-weight: bold;
  }

  .balance .action {
    display: inline-flex;
    align-items: center;
    min-height: 2.75em;
    padding: 0.5em 1.5em;
    border-radius: var(--_portail-radius);
    background: var(--_portail-primary);
    color: var(--_portail-primary-text);
    font-weight: bold;
    text-decoration: none;
  }

  .days li {
    padding: 0.25em 0;
  }

  .days .day {
    display: block;
    font-weight: bold;
  }

  .pending ul {
    list-style: disc;
    padding-inline-start: 1.25em;
  }

  .town {
    margin: 0 0 1.5em;
  }

  .town .message {
    white-space: pre-line;
  }
`;
