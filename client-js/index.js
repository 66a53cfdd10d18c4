// wsgate-client: a browser WebSocket that authenticates with a wsgate server, keeps its token fresh
// and reconnects by what the server's close code means. No dependencies; types in index.d.ts.

/** Close codes a wsgate server sends (its failure table), and the ones a browser reports. */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
  UNAUTHORIZED: 4001,
  EXPIRED: 4002,
  FORBIDDEN: 4003,
});

/**
 * The server sets an expiry deadline one sweep (500 ms) early and sweeps every 500 ms: a close can
 * come this much before the window the jitter setting describes.
 */
export const SERVER_TICK_MS = 500;

/** The longest delay setTimeout keeps (2^31 - 1 ms); longer ones fire at once. */
const MAX_TIMEOUT_MS = 2147483647;
const MODES = ['ticket', 'query', 'subprotocol', 'message'];
const CONTROL_FRAME = /^\s*\{\s*"type"\s*:\s*"wsgate\./;
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * The payload of a JWS compact token (header.payload.signature) as an object, or null for anything
 * else (an opaque token, a JWE, broken base64url or JSON, a payload that is not an object). The
 * signature is not checked: the server does that; the client only reads `exp` and `iat`.
 */
export function tokenClaims(token) {
  if (typeof token !== 'string' || !JWS_COMPACT.test(token)) {
    return null;
  }
  try {
    const claims = JSON.parse(base64UrlToString(token.split('.')[1]));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? claims : null;
  } catch {
    return null;
  }
}

function base64UrlToString(s) {
  if (!BASE64URL.test(s) || s.length % 4 === 1) {
    throw new SyntaxError('not base64url');
  }
  const padded = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function stringToBase64Url(s) {
  let binary = '';
  for (const b of new TextEncoder().encode(s)) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * `{exp, iat}` in epoch seconds from a token's claims (or an acknowledgement's `exp`), or null when
 * there is no usable `exp`. `iat` is kept only when it is a number not after `exp`.
 */
export function tokenTimes(token, ackExp) {
  const claims = tokenClaims(token);
  const exp = isFiniteNumber(ackExp) ? ackExp : claims && claims.exp;
  if (!isFiniteNumber(exp)) {
    return null;
  }
  const iat = claims && isFiniteNumber(claims.iat) && claims.iat <= exp ? claims.iat : undefined;
  return iat === undefined ? { exp } : { exp, iat };
}

function isFiniteNumber(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * How long a token has left, in milliseconds, by this browser's clock. A token's own lifetime
 * (`exp - iat`) bounds it: a browser whose clock is behind the server's would otherwise wait past
 * the server's expiry close. A clock that is ahead only makes the refresh early.
 */
export function remainingMs(times, nowMs) {
  const byClock = times.exp * 1000 - nowMs;
  return times.iat === undefined ? byClock : Math.min(byClock, (times.exp - times.iat) * 1000);
}

/**
 * When to refresh a token that has `remaining` ms left: before the earliest moment the server may
 * close for expiry. The server spreads expiry closes over a window before `exp` of its
 * `wsgate.session.expiry-jitter` (at most half the remaining lifetime) and sets deadlines one sweep
 * early; `marginMs` covers asking for a token and the round trip.
 */
export function refreshDelayMs(remaining, { expiryJitterMs, refreshMarginMs }) {
  if (!Number.isFinite(remaining)) {
    return null;
  }
  const window = Math.min(expiryJitterMs, Math.max(0, remaining) / 2);
  return Math.max(0, Math.floor(remaining - window - SERVER_TICK_MS - refreshMarginMs));
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(maxMs, baseMs × 2^attempt)),
 * `attempt` counting failures since the last open connection from 0.
 */
export function backoffDelayMs(attempt, { baseMs, maxMs }, random = Math.random) {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 40));
  return Math.floor(random() * ceiling);
}

/** A `Retry-After` value (delay seconds or an HTTP date) in ms from `nowMs`, or null. */
export function retryAfterMs(value, nowMs) {
  if (value === null || value === undefined) {
    return null;
  }
  const v = String(value).trim();
  if (/^\d+$/.test(v)) {
    return Number(v) * 1000;
  }
  const at = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * The close code that stands for an HTTP status of the ticket endpoint (the server's failure
 * table), so that tickets and sockets share one policy.
 */
export function closeCodeOfStatus(status) {
  if (status === 401) return CloseCode.UNAUTHORIZED;
  if (status === 403) return CloseCode.FORBIDDEN;
  if (status === 429 || status === 503) return CloseCode.TRY_AGAIN_LATER;
  if (status >= 500) return CloseCode.INTERNAL_ERROR;
  if (status >= 400) return CloseCode.POLICY_VIOLATION; // 400, 404, 431: fix the client
  return CloseCode.ABNORMAL;
}

/**
 * What to do after a connection ended: `{stop}` with a reason, or `{retry: 'now' | 'backoff',
 * renew}` where `renew` asks the application for a fresh token.
 *
 * - `opened`: the connection was open (in `message` mode: acknowledged) before it closed.
 * - `authRetry`: this attempt was the one retry after a 4001. A browser hides the status of a
 *   refused upgrade (it reports 1006), so a refused retry after a 4001 is taken as the server
 *   refusing the subject (revoked, denied) and ends the retries.
 */
export function afterClose(code, { opened, authRetry }) {
  switch (code) {
    case CloseCode.UNAUTHORIZED:
      return authRetry ? { stop: 'unauthorized' } : { retry: 'now', renew: true, authRetry: true };
    case CloseCode.EXPIRED:
      return { retry: opened ? 'now' : 'backoff', renew: true };
    case CloseCode.FORBIDDEN:
      return { stop: 'forbidden' };
    case CloseCode.POLICY_VIOLATION:
      return { stop: 'rejected' };
    default:
      if (authRetry && !opened) {
        return { stop: 'unauthorized' };
      }
      return { retry: 'backoff', renew: false };
  }
}

/** The ticket endpoint of a WebSocket URL: the same path plus `/ticket`, over http(s). */
export function ticketUrlOf(url, base) {
  const u = new URL(url, base);
  u.protocol = u.protocol === 'wss:' ? 'https:' : u.protocol === 'ws:' ? 'http:' : u.protocol;
  u.pathname = u.pathname.replace(/\/+$/, '') + '/ticket';
  u.search = '';
  u.hash = '';
  return u.href;
}

/**
 * The URL and protocols of one connection attempt: where each mode puts the credential.
 * `credential` is the token, or the ticket in `ticket` mode.
 */
export function attemptTarget(options, credential, base) {
  const protocols = [...(options.protocols || [])];
  const u = new URL(options.url, base);
  switch (options.mode) {
    case 'query':
      u.searchParams.set(options.queryParam, credential);
      break;
    case 'ticket':
      u.searchParams.set(options.ticketParam, credential);
      break;
    case 'subprotocol':
      protocols.push(
        JWS_COMPACT.test(credential)
          ? options.subprotocolPrefix + credential
          : 'base64url.' + options.subprotocolPrefix + stringToBase64Url(credential));
      break;
    default: // message: the token goes in the first frame
      break;
  }
  return { url: u.href, protocols };
}

/** A `wsgate.*` control frame as an object, or null for an application message. */
export function controlFrame(data) {
  if (typeof data !== 'string' || !CONTROL_FRAME.test(data)) {
    return null;
  }
  try {
    const frame = JSON.parse(data);
    return frame && typeof frame.type === 'string' ? frame : null;
  } catch {
    return null;
  }
}

/** Options with defaults applied; throws TypeError naming the option that is wrong. */
export function normalizeOptions(options) {
  if (!options || typeof options.url !== 'string' || options.url === '') {
    throw new TypeError('connect: url is required');
  }
  const mode = options.mode === undefined ? 'query' : options.mode;
  if (!MODES.includes(mode)) {
    throw new TypeError(`connect: mode '${mode}' is not one of ${MODES.join(', ')}`);
  }
  if (options.getToken !== undefined && typeof options.getToken !== 'function') {
    throw new TypeError('connect: getToken must be a function returning a token');
  }
  if (options.getToken === undefined && mode !== 'ticket') {
    throw new TypeError(`connect: getToken is required in ${mode} mode`);
  }
  const protocols = options.protocols === undefined ? [] : [].concat(options.protocols);
  if (mode === 'subprotocol' && protocols.length === 0) {
    // a browser fails a connection whose 101 echoes none of the offered protocols, and the
    // server never echoes the token entry
    throw new TypeError('connect: subprotocol mode needs an application protocol in protocols');
  }
  const backoff = { baseMs: 500, maxMs: 30000, ...options.backoff };
  return {
    url: options.url,
    mode,
    getToken: options.getToken,
    protocols,
    queryParam: options.queryParam || 'token',
    ticketParam: options.ticketParam || 'ticket',
    subprotocolPrefix: options.subprotocolPrefix || 'bearer.',
    ticketUrl: options.ticketUrl,
    credentials: options.credentials || (options.getToken ? 'same-origin' : 'include'),
    refresh: options.refresh === true,
    expiryJitterMs: options.expiryJitterMs === undefined ? 10000 : options.expiryJitterMs,
    refreshMarginMs: options.refreshMarginMs === undefined ? 1000 : options.refreshMarginMs,
    backoff,
    maxAttempts: options.maxAttempts === undefined ? Infinity : options.maxAttempts,
    onStateChange: options.onStateChange,
    onMessage: options.onMessage,
    WebSocket: options.WebSocket || globalThis.WebSocket,
    fetch: options.fetch || (globalThis.fetch && globalThis.fetch.bind(globalThis)),
  };
}

/**
 * Opens an authenticated connection and keeps it open: see README.md. Returns at once; the state
 * goes `connecting` → `open`, then `reconnecting` → `open` as often as needed, and `closed` for good
 * after `close()` or a close code that says retrying cannot help (`info.stop`).
 */
export function connect(options) {
  const o = normalizeOptions(options);
  const base = globalThis.location ? globalThis.location.href : undefined;
  const ticketUrl = o.mode === 'ticket' ? o.ticketUrl || ticketUrlOf(o.url, base) : null;

  let state = 'connecting';
  let socket = null; // the connection's current WebSocket, open or opening
  let opened = false; // the current socket is open (message mode: acknowledged)
  let attempt = 0; // failures since the last open connection
  let authRetry = false;
  let stopped = false;
  let generation = 0; // bumped by every new attempt and by close(): stale callbacks see it changed
  let retryTimer = null;
  let refreshTimer = null;
  let expiresAt = null;
  let refreshToken = null; // the token sent in band, until the server acknowledges it
  let renewedFrom = null; // the expiry a renewal started from: a renewal must move it on

  const call = (fn, ...args) => {
    if (typeof fn === 'function') {
      try {
        fn(...args);
      } catch (e) {
        setTimeout(() => {
          throw e; // the application's error, reported as uncaught, not swallowed
        });
      }
    }
  };

  function setState(next, info) {
    state = next;
    call(o.onStateChange, next, info || {});
  }

  function clearTimers() {
    clearTimeout(retryTimer);
    clearTimeout(refreshTimer);
    retryTimer = null;
    refreshTimer = null;
  }

  function finish(stop, info) {
    stopped = true;
    generation++;
    clearTimers();
    expiresAt = null;
    setState('closed', { ...info, stop });
  }

  async function attemptOnce(reason) {
    const gen = ++generation;
    const forceRefresh = reason !== 'connect' && reason !== 'reconnect';
    let token = null;
    let credential;
    try {
      if (o.getToken) {
        token = await o.getToken({ forceRefresh, reason });
        if (typeof token !== 'string' || token === '') {
          throw new TypeError('getToken returned no token');
        }
      }
      if (gen !== generation) return;
      if (o.mode === 'ticket') {
        const answer = await requestTicket(token);
        if (gen !== generation) return;
        if (answer.ticket === undefined) {
          ended(answer.code, { status: answer.status, retryAfterMs: answer.retryAfterMs });
          return;
        }
        credential = answer.ticket;
      } else {
        credential = token;
      }
    } catch (error) {
      if (gen === generation) ended(CloseCode.ABNORMAL, { error });
      return;
    }
    let target;
    let ws;
    try {
      target = attemptTarget(o, credential, base);
      ws = new o.WebSocket(target.url, target.protocols);
    } catch (error) {
      finish('rejected', { error }); // a malformed URL or protocol: retrying cannot help
      return;
    }
    socket = ws;
    opened = false;
    ws.onopen = () => {
      if (ws !== socket) return;
      if (o.mode === 'message') {
        ws.send(JSON.stringify({ type: 'wsgate.auth', token }));
      } else {
        becameOpen(ws, token, undefined);
      }
    };
    ws.onmessage = (event) => {
      if (ws !== socket) return;
      const frame = controlFrame(event.data);
      if (frame && frame.type === 'wsgate.authenticated' && o.mode === 'message' && !opened) {
        becameOpen(ws, token, frame.exp);
      } else if (frame && frame.type === 'wsgate.refreshed') {
        const fresh = refreshToken;
        refreshToken = null;
        scheduleRefresh(ws, tokenTimes(fresh, frame.exp));
      } else if (opened) {
        call(o.onMessage, event.data, event);
      }
    };
    ws.onclose = (event) => {
      if (ws !== socket) return;
      socket = null;
      clearTimeout(refreshTimer);
      expiresAt = null;
      refreshToken = null;
      ended(event.code, { reason: event.reason, opened });
    };
  }

  async function requestTicket(token) {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const res = await o.fetch(ticketUrl, {
      method: 'POST',
      headers,
      credentials: o.credentials,
      cache: 'no-store',
    });
    if (res.status === 200) {
      const body = await res.json();
      if (body && typeof body.ticket === 'string' && body.ticket !== '') {
        return { ticket: body.ticket };
      }
      throw new TypeError('the ticket endpoint answered 200 without a ticket');
    }
    // answered like a refused upgrade, with the status the browser hides from a WebSocket
    return {
      code: closeCodeOfStatus(res.status),
      status: res.status,
      retryAfterMs: retryAfterMs(res.headers.get('retry-after'), Date.now()),
    };
  }

  function becameOpen(ws, token, ackExp) {
    opened = true;
    attempt = 0;
    authRetry = false;
    scheduleRefresh(ws, tokenTimes(token, ackExp)); // first, so that expiresAt is read in 'open'
    setState('open', { protocol: ws.protocol });
  }

  function scheduleRefresh(ws, times) {
    clearTimeout(refreshTimer);
    refreshTimer = null;
    expiresAt = times ? times.exp * 1000 : null;
    const from = renewedFrom;
    renewedFrom = null;
    if (!times || (from !== null && expiresAt <= from)) {
      // no exp to read, or getToken gave no later one: the server's 4002 starts a reconnect
      return;
    }
    const delay = refreshDelayMs(remainingMs(times, Date.now()), o);
    // longer timeouts fire at once in browsers: wait in steps
    refreshTimer = setTimeout(
      () => (delay > MAX_TIMEOUT_MS ? scheduleRefresh(ws, times) : renew(ws)),
      Math.min(delay, MAX_TIMEOUT_MS));
  }

  async function renew(ws) {
    if (ws !== socket || stopped) return;
    renewedFrom = expiresAt;
    if (!o.refresh) {
      // the server does not take tokens in band: leave cleanly before its expiry close
      socket = null;
      clearTimeout(refreshTimer);
      expiresAt = null;
      ws.close(CloseCode.NORMAL, 'reconnecting with a fresh token');
      setState('reconnecting', { code: CloseCode.NORMAL, delayMs: 0, attempt: 0 });
      attemptOnce('refresh');
      return;
    }
    let token;
    try {
      token = await o.getToken({ forceRefresh: true, reason: 'refresh' });
    } catch (error) {
      return; // the server's expiry close follows and starts a reconnect
    }
    if (ws !== socket || stopped || typeof token !== 'string' || token === '') return;
    refreshToken = token;
    ws.send(JSON.stringify({ type: 'wsgate.refresh', token }));
  }

  function ended(code, info) {
    if (stopped) return;
    const decision = afterClose(code, { opened: info.opened === true, authRetry });
    const details = { ...info, code };
    delete details.opened;
    delete details.retryAfterMs;
    if (decision.stop) {
      finish(decision.stop, details);
      return;
    }
    authRetry = decision.authRetry === true;
    if (attempt >= o.maxAttempts) {
      finish('attempts', details);
      return;
    }
    const delayMs =
      decision.retry === 'now'
        ? 0
        : info.retryAfterMs != null
          ? info.retryAfterMs
          : backoffDelayMs(attempt, o.backoff);
    attempt++;
    setState('reconnecting', { ...details, delayMs, attempt });
    const reason = !decision.renew
      ? 'reconnect'
      : code === CloseCode.UNAUTHORIZED
        ? 'rejected'
        : 'expired';
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!stopped) attemptOnce(reason);
    }, delayMs);
  }

  setState('connecting', {});
  attemptOnce('connect');

  return {
    get state() {
      return state;
    },
    get socket() {
      return socket;
    },
    get expiresAt() {
      return expiresAt;
    },
    send(data) {
      if (!opened || !socket || socket.readyState !== 1) {
        return false;
      }
      socket.send(data);
      return true;
    },
    close(code = CloseCode.NORMAL, reason = '') {
      if (stopped) return;
      const ws = socket;
      socket = null;
      finish('client', { code, reason });
      if (ws) ws.close(code, reason);
    },
  };
}
