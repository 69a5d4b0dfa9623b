// What each transport costs, as the server counts it: GET /api/stats, never more than one request
// in flight per tab, each given up after a timeout.
import { recordStats } from './state.js';

const TIMEOUT_MILLIS = 5000;

let inFlight = false;

/**
 * Refreshes the page's figures; false when a request was still out, or nothing came in time. A tab
 * whose requests queue behind the browser's six HTTP/1.1 connections must not stack more of them.
 */
export async function refreshStats(page, { fetch = globalThis.fetch, timeoutMillis = TIMEOUT_MILLIS, here = globalThis.location } = {}) {
  if (inFlight) return false;
  inFlight = true;
  try {
    const response = await fetch('/api/stats', { cache: 'no-store', signal: AbortSignal.timeout(timeoutMillis) });
    const alternate = alternateHttps(response.headers.get('Link'));
    page.httpsUrl = alternate && new URL(here.pathname + here.search, alternate).href;   // this page, there
    recordStats(page, await response.json());
    return true;
  } catch (awayOrTooSlow) {
    return false;                                            // the panels say what is going on
  } finally {
    inFlight = false;
  }
}

/** The HTTPS page the server names in its Link header (rel="alternate", sent when it has TLS), if it does. */
export function alternateHttps(header) {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?alternate(\s[^";]*)?"?\s*(;|$)/i.test(match[2]) && /^https:\/\//i.test(match[1])) {
      return match[1];
    }
  }
  return null;
}
