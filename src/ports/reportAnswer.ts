// The web edge's side of a report link: what the server sends for a token. services/report makes
// it (a file, or a page instead of one), src/server.ts writes it out; neither imports the other.

/** A file a link opens, or the page it answers with instead. */
export interface ReportAnswer {
  /** 200 for a file; 410 (revoked), 429 (too many builds), 503 (busy) for a page. */
  status: number;
  contentType: string;
  body: Buffer;
  /** A file's name (Content-Disposition); absent for a page. */
  fileName?: string;
  /** Shown in the browser rather than saved. */
  inline?: boolean;
  /** E.g. a Content-Security-Policy or Retry-After. */
  headers?: Record<string, string>;
}
