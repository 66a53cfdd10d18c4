// Types of wsgate-client (index.js).

/** Where the credential goes: see README.md for what each exposes. */
export type Mode = 'ticket' | 'query' | 'subprotocol' | 'message';

export type State = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Why a connection is closed for good: `client` (close() was called), `unauthorized` (the server
 * refused the subject again after a fresh token: signed out, revoked, denied), `forbidden` (4003 or
 * a 403: origin not allowed, insufficient scope), `rejected` (1008, a 4xx of the ticket endpoint, a
 * malformed URL: fix the client), `attempts` (maxAttempts failures in a row).
 */
export type StopReason = 'client' | 'unauthorized' | 'forbidden' | 'rejected' | 'attempts';

/** Why the client asks for a token; every reason but `connect` and `reconnect` forces a fresh one. */
export type TokenReason = 'connect' | 'reconnect' | 'expired' | 'rejected' | 'refresh';

export interface TokenRequest {
  /** True when a cached token will not do (it expired or was refused, or a refresh is due). */
  forceRefresh: boolean;
  reason: TokenReason;
}

export interface StateInfo {
  /** The close code that led here (1006 for a refused upgrade: the browser hides its status). */
  code?: number;
  /** The close reason the server sent. */
  reason?: string;
  /** The HTTP status of the ticket endpoint, in ticket mode. */
  status?: number;
  /** `reconnecting`: the wait before the next attempt. */
  delayMs?: number;
  /** `reconnecting`: failures since the last open connection. */
  attempt?: number;
  /** `closed`: why the client gave up. */
  stop?: StopReason;
  /** `open`: the application subprotocol the server selected. */
  protocol?: string;
  /** What getToken, the ticket request or the WebSocket constructor threw. */
  error?: unknown;
}

export interface ConnectOptions {
  /** The server's WebSocket URL, `wss://api.example.com/ws`. */
  url: string;
  /**
   * Returns a token the server accepts; called for every connection attempt and before expiry.
   * Optional only in ticket mode with a cookie (the ticket request then carries credentials).
   */
  getToken?: (request: TokenRequest) => string | Promise<string>;
  /** Default `query`. */
  mode?: Mode;
  /** Application subprotocols (`app.v1`); required in subprotocol mode. */
  protocols?: string | string[];
  /** True when the server has `wsgate.session.refresh=true`: refresh in band instead of reconnecting. */
  refresh?: boolean;
  /** The server's `wsgate.session.expiry-jitter` in ms (default 10000). */
  expiryJitterMs?: number;
  /** How much earlier than the server's earliest expiry close to renew (default 1000 ms). */
  refreshMarginMs?: number;
  /** Full-jitter exponential backoff (default `{baseMs: 500, maxMs: 30000}`). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Failures in a row before giving up (default Infinity). */
  maxAttempts?: number;
  /** Query parameter of query mode (default `token`). */
  queryParam?: string;
  /** Query parameter of ticket mode (default `ticket`). */
  ticketParam?: string;
  /** Prefix of the token entry in subprotocol mode (default `bearer.`). */
  subprotocolPrefix?: string;
  /** The ticket endpoint (default: the URL's path plus `/ticket`, over http(s)). */
  ticketUrl?: string;
  /** fetch credentials of the ticket request (default `same-origin`; `include` without getToken). */
  credentials?: 'omit' | 'same-origin' | 'include';
  onStateChange?: (state: State, info: StateInfo) => void;
  /** Application messages only: wsgate's control frames never arrive here. */
  onMessage?: (data: string | ArrayBuffer | Blob, event: MessageEvent) => void;
  /** A WebSocket constructor for non-browser use (default `globalThis.WebSocket`). */
  WebSocket?: typeof WebSocket;
  /** A fetch for non-browser use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

export interface Connection {
  readonly state: State;
  /** The current WebSocket (open or opening), or null between attempts. */
  readonly socket: WebSocket | null;
  /** The current token's `exp` in epoch ms, when the connection is open and the token has one. */
  readonly expiresAt: number | null;
  /** Sends on the open socket; false (nothing sent) while not open. */
  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): boolean;
  /** Closes for good (state `closed`, stop `client`). */
  close(code?: number, reason?: string): void;
}

export function connect(options: ConnectOptions): Connection;

export const CloseCode: Readonly<{
  NORMAL: 1000;
  GOING_AWAY: 1001;
  ABNORMAL: 1006;
  POLICY_VIOLATION: 1008;
  MESSAGE_TOO_BIG: 1009;
  INTERNAL_ERROR: 1011;
  TRY_AGAIN_LATER: 1013;
  UNAUTHORIZED: 4001;
  EXPIRED: 4002;
  FORBIDDEN: 4003;
}>;

export const SERVER_TICK_MS: number;

export interface TokenTimes {
  exp: number;
  iat?: number;
}

export type CloseDecision =
  | { stop: StopReason }
  | { retry: 'now' | 'backoff'; renew: boolean; authRetry?: boolean };

// The pure parts, exported for tests and for applications that schedule on their own.
export function tokenClaims(token: unknown): Record<string, unknown> | null;
export function tokenTimes(token: unknown, ackExp?: number | null): TokenTimes | null;
export function remainingMs(times: TokenTimes, nowMs: number): number;
export function refreshDelayMs(
  remainingMs: number,
  options: { expiryJitterMs: number; refreshMarginMs: number },
): number | null;
export function backoffDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number },
  random?: () => number,
): number;
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | null;
export function closeCodeOfStatus(status: number): number;
export function afterClose(
  code: number,
  context: { opened: boolean; authRetry: boolean },
): CloseDecision;
export function ticketUrlOf(url: string, base?: string): string;
export function attemptTarget(
  options: {
    url: string;
    mode: Mode;
    protocols?: string[];
    queryParam: string;
    ticketParam: string;
    subprotocolPrefix: string;
  },
  credential: string,
  base?: string,
): { url: string; protocols: string[] };
export function controlFrame(data: unknown): { type: string; [key: string]: unknown } | null;
/** Options with defaults applied; throws TypeError naming the option that is wrong. */
export function normalizeOptions(options: ConnectOptions): Record<string, unknown>;
