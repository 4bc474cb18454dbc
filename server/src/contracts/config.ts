/**
 * GET /config: what every parent element needs before anyone signs in. Public and cached a
 * minute by browsers, so nothing in it is personal.
 */

/** The town's two colours; the widget checks their contrast before using them. */
export interface TenantColors {
  primary: string;
  primaryText: string;
}

/** The town's logo with its pixel size when the town uploaded it (a bare URL has none). */
export interface TenantLogo {
  url: string;
  width: number | null;
  height: number | null;
}

/** The banner message the town hall shows on the sign-in page, with its date when one is set. */
export interface TenantInfo {
  message: string;
  date: string | null;
}

/** The commune as its parents' pages show it. */
export interface TenantConfig {
  name: string;
  logoUrl: string | null;
  logo: TenantLogo | null;
  /** The town's colours, or the portal's blue and white by default. */
  colors: TenantColors;
  info: TenantInfo | null;
  /** The children's service address parents are invited to write to. */
  contactEmail: string | null;
  locale: string;
}
