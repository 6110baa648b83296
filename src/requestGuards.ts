// Guards that run before restify routes a request (server.pre).
import type { Next, Request, Response } from 'restify';

/**
 * restify 12 parses every request's URL with WHATWG `new URL(host + path)` while routing, outside
 * any handler, and a request whose Host header or target it cannot parse (`Host: a b`) threw an
 * uncaught TypeError that ended the whole process. Parsing it here first turns such a request into
 * a 400 and leaves the URL cached for the router.
 */
export function rejectUnparsableUrl(req: Request, res: Response, next: Next): void {
  try {
    req.getUrl();
  } catch {
    res.send(400, { error: 'bad request' });
    next(false);
    return;
  }
  next();
}
