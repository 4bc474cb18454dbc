/** A child's private calendar feed: the same address twice, for calendar apps (https) and phones (webcal). */
export interface CalendarFeed {
  childId: string;
  /** https address of the ICS file, to paste in a calendar app ("ajouter par URL"). */
  url: string;
  /** The same address with webcal:, which phones open in their calendar app. */
  webcalUrl: string;
  createdAt: string;
}

/** GET /agenda, DELETE /agenda/children/{childId}: the live feeds of the family's children. */
export interface CalendarFeeds {
  feeds: CalendarFeed[];
}

/** POST /agenda/children/{childId} (and …/regenerate): the child's feed. */
export interface CalendarFeedAnswer {
  feed: CalendarFeed;
}
