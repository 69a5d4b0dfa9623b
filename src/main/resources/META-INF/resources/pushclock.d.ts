// Types of pushclock.js, the browser client of a pushclock service (served beside it).

/** A transport id, as everywhere in pushclock: config keys, /api/stats, metric tags. */
export type TransportId = 'websocket' | 'sse' | 'ndjson' | 'long-poll' | 'iframe' | 'poll';

/** connecting; live (ticks arrive); waiting (no free browser connection over HTTP/1.1); reconnecting; paused (hidden page); stopped. */
export type Status = 'connecting' | 'live' | 'waiting' | 'reconnecting' | 'paused' | 'stopped';

/** 'single' without shareAcrossTabs; else this tab holds the connection ('leader') or hears the one that does ('follower'). */
export type Role = 'single' | 'leader' | 'follower';

/** One tick of the server's clock: seq = floor(epochMillis / period), epochMillis the boundary it stands for. */
export interface Tick {
  seq: number;
  epochMillis: number;
  /** ISO-8601 offset date-time, to the second, in the tick's zone. */
  iso: string;
  /** HH:mm:ss in the tick's zone. */
  time: string;
  zone: string;
}

export interface Gap {
  /** The first seq missing, or null when nothing had been delivered yet. */
  from: number | null;
  to: number;
  missed: number;
  /** 'server': gone from the server's resume window; 'state': a state transport (long-poll, poll) skipped them; 'lost': anything else. */
  reason: 'server' | 'state' | 'lost';
}

export interface Switch {
  from: TransportId;
  to: TransportId;
  reason: string;
}

export interface StatusDetail {
  status: Status;
  transport: TransportId | null;
  reason: string;
  /** When reconnecting after a delay: how long. */
  retryInMillis?: number;
  role: Role;
}

export interface TickEvent extends CustomEvent<Tick> {
  transport: TransportId;
  /** True for the first tick of a connection: the clock's state when it opened, not a push (its age is no delivery lag). */
  fresh: boolean;
}

export interface PushClockEventMap {
  tick: TickEvent;
  gap: CustomEvent<Gap>;
  switch: CustomEvent<Switch>;
  status: CustomEvent<StatusDetail>;
  /** Any other WebSocket frame: {type:'pong', serverMillis}, {type:'zone', zone}, {type:'error', message}. */
  message: CustomEvent<{ type: string; [field: string]: unknown }>;
}

/** Hands out the page's HTTP/1.1 connections: resolves with the function that gives one back; rejects when the signal aborts. */
export type ConnectionGate = (transport: TransportId, signal: AbortSignal) => Promise<() => void>;

export interface PushClockOptions {
  /** The service; by default, where pushclock.js was loaded from. */
  url?: string | URL;
  /** An IANA zone id or UTC; by default the server's. */
  zone?: string;
  /** The transports it may use, best first; by default TRANSPORT_ORDER. */
  transports?: TransportId[];
  /** A seq already seen: the first connection resumes after it. */
  after?: number;
  /** One tab holds the connection and the others hear its ticks (Web Locks and BroadcastChannel; ignored without them). */
  shareAcrossTabs?: boolean;
  /** Let go of the connection while the page is hidden (default true). */
  pauseWhenHidden?: boolean;
  /** How long a page may stay hidden before it lets go (default 5000). */
  hiddenGraceMillis?: number;
  gate?: ConnectionGate;
  /** What the engine takes from the browser: timers, random, document, locks, BroadcastChannel, protocol, probe, adapters. For tests. */
  env?: Record<string, unknown>;
}

export declare class PushClock extends EventTarget {
  constructor(options?: PushClockOptions);
  readonly status: Status;
  readonly transport: TransportId | null;
  readonly role: Role;
  /** The last seq delivered: where the next connection resumes. */
  readonly lastSeq: number | null;
  readonly zone: string | null;
  readonly sharing: boolean;
  start(): this;
  stop(): void;
  /** Drops the connection and opens one again now, from the best transport, keeping the cursor. */
  reconnect(): void;
  /** Ticks in another zone from now on. */
  setZone(zone: string): void;
  /** Sends a command ({type:'ping'} or {type:'zone', zone}) up the WebSocket when that is the open transport; true if sent. */
  send(command: { type: string; [field: string]: unknown }): boolean;
  addEventListener<K extends keyof PushClockEventMap>(type: K, listener: (event: PushClockEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PushClockEventMap>(type: K, listener: (event: PushClockEventMap[K]) => void,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** Reconnect delays that double up to a ceiling, each with random jitter. */
export declare class Backoff {
  constructor(firstMillis?: number, maxMillis?: number, random?: () => number);
  next(): number;
  reset(): void;
}

/** The last seq delivered. */
export declare class Cursor {
  constructor(lastSeq?: number | null);
  lastSeq: number | null;
  /** -1 when already delivered (or older); else how many ticks are missing just before it. */
  admit(seq: number): number;
  /** Gives up the ticks before firstAvailable: how many of those were still owed. */
  skipTo(firstAvailable: number): number;
}

/** What a transport reports to the engine. */
export interface Link {
  url(path: string, params?: Record<string, string | number | null | undefined>): string;
  socketUrl(path: string, params?: Record<string, string | number | null | undefined>): string;
  cursor(): number | null;
  periodMillis(): number;
  opened(): void;
  tick(tick: Tick): void;
  gap(firstAvailable: number): void;
  alive(): void;
  message(frame: { type: string; [field: string]: unknown }): void;
  reconnecting(reason: string): void;
  ended(how: { reason: string; goingAway?: boolean; retryLater?: boolean; retryAfterMillis?: number; cursorRefused?: boolean; full?: boolean }): void;
}

/** Each technique's own browser code, by transport id. */
export declare const transports: Readonly<Record<TransportId, (link: Link) => { close(): void; send?(text: string): void }>>;

export declare const TRANSPORT_ORDER: readonly TransportId[];
export declare const STATE_TRANSPORTS: readonly TransportId[];
export declare const HOLDS_A_CONNECTION: readonly TransportId[];
export declare const STATUSES: readonly Status[];

/** Routes the server's parent.iframeTick/iframeGap/iframeEnd calls to the handlers of the frame that made them; returns the function that stops. */
export declare function listenToFrame(frame: HTMLIFrameElement, handlers: {
  tick?(tick: Tick): void;
  gap?(gap: { firstAvailable: number }): void;
  end?(reason: 'full' | 'shutdown'): void;
}, host?: object): () => void;
