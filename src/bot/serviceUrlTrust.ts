// Whether an inbound activity's serviceUrl may be believed: stored as the place to send that
// person's or channel's messages later, or kept as a plan's channel. It is only the sender's word
// unless the Bot Framework vouches for it: with an App ID, the channel's token carries a
// `serviceurl` claim, and botbuilder has already checked that it equals the activity's. Without an
// App ID (local mode, nobody authenticated) only a loopback address is believed: the Agents
// Playground and the tests' fake Teams live there, and a request that names another host could
// otherwise point other users' prompts wherever it liked.
import type { ClaimsIdentity } from 'botframework-connector';

const SERVICE_URL_CLAIM = 'serviceurl';

export function isServiceUrlTrusted(serviceUrl: string | undefined, identity: ClaimsIdentity | undefined): boolean {
  if (typeof serviceUrl !== 'string' || serviceUrl === '') return false;
  const claims = identity?.claims ?? [];
  const claimed = claims.find((c) => c.type === SERVICE_URL_CLAIM)?.value;
  if (claimed !== undefined) return claimed === serviceUrl;
  // Authentication switched off: botbuilder's anonymous identity carries no claims at all (an
  // authenticated one always has an issuer and an audience).
  return claims.length === 0 && isLoopbackUrl(serviceUrl);
}

/** http(s) to localhost, 127.0.0.0/8 or [::1], by the URL's own words (no name lookup). */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    host = u.hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
