/**
 * Who may use the dashboard. The page reads every record and can redrive
 * dead-letter queues, so a request is served only when
 *
 * - its `Host` header names the address the server listens on (127.0.0.1,
 *   localhost or [::1] on its port, the bound address, or a name the user
 *   allowed). A DNS-rebinding page reaches 127.0.0.1 under the attacker's own
 *   name, so its requests carry that name and are refused;
 * - a state-changing request (anything but GET and HEAD) comes from the page
 *   itself: `Origin` absent or same-origin, and `Sec-Fetch-Site` not cross-site;
 * - when the server listens beyond loopback, it carries the token printed at
 *   start, as a cookie (set by opening `/?token=…` once) or as
 *   `Authorization: Bearer …`. On loopback no token is needed: only this
 *   machine can connect, and the Host and Origin checks keep other sites out.
 *
 * Pure: the server asks `decideAccess` and acts on the answer.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { hostname as machineHostname, networkInterfaces } from 'node:os';
import { LitstreamError } from '../src/errors.ts';

/** Names of this machine's loopback interface, as they appear in a Host header. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** An `--allow-host` value or a listening address that cannot be used. */
export class DashboardAccessError extends LitstreamError {
  constructor(message: string) {
    super(message);
    this.name = 'DashboardAccessError';
  }
}

export interface AccessOptions {
  /** The address the server listens on, as given to `listen` (e.g. `127.0.0.1`, `0.0.0.0`, `::`, `lab-host`). */
  host: string;
  /** The port it listens on. */
  port: number;
  /** Further Host header values to answer, each `name` (on the listening port) or `name:port` (e.g. behind a proxy). @default [] */
  allowHosts?: readonly string[];
  /** The token every request must carry, or null for none. @default a new token when `host` is not loopback, else null */
  token?: string | null;
}

export interface AccessPolicy {
  readonly port: number;
  /** Allowed Host values: bare names (matched with `port`) and `name:port` pairs, lower case, IPv6 in brackets. */
  readonly hosts: ReadonlySet<string>;
  readonly token: string | null;
  /** Cookie holding the token; named per port, because cookies are shared by every port of a host. */
  readonly cookieName: string;
}

export type AccessDecision =
  | { action: 'serve' }
  | { action: 'refuse'; status: 401 | 403; reason: string }
  /** A first load with the right `?token=`: set the cookie and redirect to the same URL without the token. */
  | { action: 'login'; location: string; cookie: string };

/** What `decideAccess` reads of a request. */
export interface RequestFacts {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

/** 256 random bits, URL- and cookie-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = unbracket(host.toLowerCase());
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** True for the addresses that listen on every interface. */
export function isWildcardHost(host: string): boolean {
  const h = unbracket(host);
  return h === '' || h === '0.0.0.0' || h === '::';
}

/**
 * Normalizes an `--allow-host` value to `name` or `name:port` (lower case,
 * IPv6 in brackets). Throws for anything that is not a host, e.g. a URL.
 */
export function normalizeAllowedHost(value: string): string {
  const text = value.trim().toLowerCase();
  const hint = `give a host name or address as the browser's address bar shows it, e.g. --allow-host lab-host.example or --allow-host 10.0.0.5:4580`;
  if (!text || /[\s/\\@?#]/.test(text) || text.includes('://')) throw new DashboardAccessError(`--allow-host "${value}" is not a host: ${hint}`);
  if (isIP(text) === 6) return `[${text}]`;
  const parsed = parseHost(text);
  if (!parsed) throw new DashboardAccessError(`--allow-host "${value}" is not a host: ${hint}`);
  return parsed.explicitPort ? `${parsed.name}:${parsed.port}` : parsed.name;
}

export function accessPolicy(options: AccessOptions): AccessPolicy {
  const hosts = new Set<string>(LOOPBACK_HOSTS);
  if (isWildcardHost(options.host)) {
    // Listening on every interface: the machine is reached by any of its addresses or its name.
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (!address || address.address.includes('%')) continue;
      hosts.add(address.family === 'IPv6' ? `[${address.address.toLowerCase()}]` : address.address);
    }
    hosts.add(machineHostname().toLowerCase());
  } else {
    hosts.add(isIP(unbracket(options.host)) === 6 ? `[${unbracket(options.host).toLowerCase()}]` : options.host.toLowerCase());
  }
  for (const allowed of options.allowHosts ?? []) hosts.add(normalizeAllowedHost(allowed));
  const token = options.token === undefined ? (isLoopbackHost(options.host) ? null : newToken()) : options.token;
  return { port: options.port, hosts, token, cookieName: `litstream-token-${options.port}` };
}

export function decideAccess(policy: AccessPolicy, req: RequestFacts): AccessDecision {
  const hostHeader = req.headers.host ?? '';
  if (!hostAllowed(policy, hostHeader)) {
    return {
      action: 'refuse',
      status: 403,
      reason: `Host "${hostHeader}" is not an address this dashboard listens on; open it at 127.0.0.1:${policy.port}, or start it with --allow-host NAME`,
    };
  }
  const url = new URL(req.url ?? '/', 'http://dashboard.local');
  const method = (req.method ?? 'GET').toUpperCase();
  const reads = method === 'GET' || method === 'HEAD';

  if (policy.token !== null && !carriesToken(policy, req.headers)) {
    const offered = url.searchParams.get('token');
    if (offered !== null && reads && sameSecret(offered, policy.token)) {
      url.searchParams.delete('token');
      return {
        action: 'login',
        location: `${url.pathname}${url.search}`,
        cookie: `${policy.cookieName}=${policy.token}; HttpOnly; SameSite=Strict; Path=/`,
      };
    }
    return {
      action: 'refuse',
      status: 401,
      reason:
        offered !== null
          ? 'wrong token; use the URL with ?token= that litstream dashboard printed when it started'
          : 'this dashboard listens beyond loopback and needs its token: open the URL with ?token= that litstream dashboard printed, or send Authorization: Bearer TOKEN',
    };
  }

  if (!reads) {
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, hostHeader)) {
      return { action: 'refuse', status: 403, reason: `a ${method} from Origin "${origin}" is refused; only the dashboard's own page may change anything` };
    }
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      return { action: 'refuse', status: 403, reason: `a ${site} ${method} is refused; only the dashboard's own page may change anything` };
    }
  }
  return { action: 'serve' };
}

function hostAllowed(policy: AccessPolicy, hostHeader: string): boolean {
  const parsed = parseHost(hostHeader.toLowerCase());
  if (!parsed) return false;
  return (policy.hosts.has(parsed.name) && parsed.port === policy.port) || policy.hosts.has(`${parsed.name}:${parsed.port}`);
}

/** Origin's scheme://host[:port] against the (already allowed) Host header: http or https, same authority. */
function sameOrigin(origin: string, hostHeader: string): boolean {
  try {
    const from = new URL(origin);
    if (from.protocol !== 'http:' && from.protocol !== 'https:') return false;
    return from.host === new URL(`http://${hostHeader}`).host;
  } catch {
    return false;
  }
}

function carriesToken(policy: AccessPolicy, headers: IncomingHttpHeaders): boolean {
  const token = policy.token!;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer && sameSecret(bearer[1], token)) return true;
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === policy.cookieName && sameSecret(part.slice(eq + 1).trim(), token)) return true;
  }
  return false;
}

/** Constant-time comparison (of digests, so the lengths are equal too). */
function sameSecret(offered: string, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(offered), digest(token));
}

/** `name[:port]` or `[v6][:port]`; the port defaults to 80 as in HTTP. Null when malformed. */
function parseHost(value: string): { name: string; port: number; explicitPort: boolean } | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return null;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port > 65535) return null;
  if (match[1].startsWith('[') && isIP(unbracket(match[1])) !== 6) return null;
  return { name: match[1], port, explicitPort: match[2] !== undefined };
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
