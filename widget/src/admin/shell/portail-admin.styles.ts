import { css } from 'lit';

/** The page frame: a centred column, the title with who is logged in, and the section tabs. */
export const portailAdminStyles = css`
  :host {
    max-width: 60em;
    margin: 0 auto;
    padding: 1em;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    margin: 0 0 1.5em;
  }
  h1 {
    margin: 0;
    font-size: 1.5em;
    line-height: 1.25;
  }
  h1:focus {
    outline: none;
  }
  .who {
    margin: 0;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.5em;
    margin: 0 0 1.5em;
    padding: 0;
    list-style: none;
    border-bottom: 0.0625em solid #d0d4da;
  }
  nav a {
    display: inline-block;
    padding: 0.5em 0.75em;
    border-bottom: 0.1875em solid transparent;
    color: var(--_portail-text);
    text-decoration: none;
  }
  nav a:hover {
    text-decoration: underline;
  }
  nav a[aria-current='page'] {
    border-bottom-color: var(--_portail-primary);
    color: var(--_portail-primary);
    font-weight: bold;
  }
`;
