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
`;
