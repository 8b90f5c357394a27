import { describe, expect, it } from 'vitest';
import {
  DashboardAccessError,
  accessPolicy,
  decideAccess,
  isLoopbackHost,
  normalizeAllowedHost,
  type RequestFacts,
} from '../../dashboard/access.ts';

const PORT = 4580;
const loopback = accessPolicy({ host: '127.0.0.1', port: PORT });
const get = (host: string | undefined, extra: Partial<RequestFacts> = {}): RequestFacts => ({
  method: 'GET',
  url: '/api/overview',
  ...extra,
  headers: { ...(host === undefined ? {} : { host }), ...extra.headers },
});
const post = (host: string, headers: RequestFacts['headers'] = {}): RequestFacts => ({
  method: 'POST',
  url: '/api/queues/Intake/redrive',
  headers: { host, 'x-litstream-action': 'redrive', ...headers },
});

describe('Host check', () => {
  it.each(['127.0.0.1:4580', 'localhost:4580', '[::1]:4580', 'LOCALHOST:4580'])('serves Host %s', (host) => {
    expect(decideAccess(loopback, get(host))).toEqual({ action: 'serve' });
  });

  it.each([
    ['a foreign name', 'evil.example:4580'],
    ['a rebinding name without a port', 'evil.example'],
    ['the right address on another port', '127.0.0.1:8080'],
    ['a name that only starts like localhost', 'localhost.evil.example:4580'],
    ['garbage', 'local host/x'],
  ])('refuses %s with 403 and a one-line reason', (_, host) => {
    const decision = decideAccess(loopback, get(host));
    expect(decision).toMatchObject({ action: 'refuse', status: 403 });
    expect(decision.action === 'refuse' && decision.reason).toMatch(/^Host ".*" is not an address this dashboard listens on; .*--allow-host NAME$/);
    expect(decision.action === 'refuse' && decision.reason).not.toContain('\n');
  });

  it('refuses a request without a Host header', () => {
    expect(decideAccess(loopback, get(undefined))).toMatchObject({ action: 'refuse', status: 403 });
  });

  it('serves the hosts allowed with --allow-host, on the listening port or the port given', () => {
    const policy = accessPolicy({ host: '127.0.0.1', port: PORT, allowHosts: ['Dashboard.Lab.Example', 'proxy.example:8443'] });
    expect(decideAccess(policy, get('dashboard.lab.example:4580'))).toEqual({ action: 'serve' });
    expect(decideAccess(policy, get('proxy.example:8443'))).toEqual({ action: 'serve' });
    expect(decideAccess(policy, get('proxy.example:4580'))).toMatchObject({ status: 403 });
    expect(decideAccess(policy, get('dashboard.lab.example:9999'))).toMatchObject({ status: 403 });
  });

  it('serves the address it is bound to beyond loopback', () => {
    const policy = accessPolicy({ host: '10.1.2.3', port: PORT, token: null });
    expect(decideAccess(policy, get('10.1.2.3:4580'))).toEqual({ action: 'serve' });
    expect(decideAccess(policy, get('10.1.2.4:4580'))).toMatchObject({ status: 403 });
  });
});

describe('Origin check on state-changing requests', () => {
  it('serves a POST without Origin or from the same origin', () => {
    expect(decideAccess(loopback, post('127.0.0.1:4580'))).toEqual({ action: 'serve' });
    expect(decideAccess(loopback, post('127.0.0.1:4580', { origin: 'http://127.0.0.1:4580' }))).toEqual({ action: 'serve' });
    expect(decideAccess(loopback, post('localhost:4580', { origin: 'http://localhost:4580', 'sec-fetch-site': 'same-origin' }))).toEqual({ action: 'serve' });
  });

  it.each([
    ['a foreign site', 'https://evil.example'],
    ['another loopback name', 'http://localhost:4580'],
    ['another port', 'http://127.0.0.1:8080'],
    ['an opaque origin', 'null'],
  ])('refuses a POST from %s with 403', (_, origin) => {
    const decision = decideAccess(loopback, post('127.0.0.1:4580', { origin }));
    expect(decision).toMatchObject({ action: 'refuse', status: 403 });
    expect(decision.action === 'refuse' && decision.reason).toContain(`Origin "${origin}"`);
  });

  it('refuses a POST the browser marks cross-site even without Origin', () => {
    expect(decideAccess(loopback, post('127.0.0.1:4580', { 'sec-fetch-site': 'cross-site' }))).toMatchObject({ status: 403 });
  });

  it('does not check Origin on reads, which the same-origin policy already keeps from other sites', () => {
    expect(decideAccess(loopback, get('127.0.0.1:4580', { headers: { origin: 'https://evil.example' } }))).toEqual({ action: 'serve' });
  });
});

describe('token beyond loopback', () => {
  const wide = accessPolicy({ host: '0.0.0.0', port: PORT });
  const token = wide.token!;

  it('is generated for a non-loopback address and not for loopback', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(accessPolicy({ host: '0.0.0.0', port: PORT }).token).not.toBe(token);
    expect(loopback.token).toBeNull();
    expect(accessPolicy({ host: 'localhost', port: PORT }).token).toBeNull();
    expect(accessPolicy({ host: '::1', port: PORT }).token).toBeNull();
  });

  it('refuses a request without the token with 401', () => {
    const decision = decideAccess(wide, get('127.0.0.1:4580'));
    expect(decision).toMatchObject({ action: 'refuse', status: 401 });
    expect(decision.action === 'refuse' && decision.reason).toMatch(/needs its token/);
    expect(decideAccess(wide, get('127.0.0.1:4580', { url: '/' }))).toMatchObject({ status: 401 });
  });

  it('serves a request with the token as a Bearer header or the cookie', () => {
    expect(decideAccess(wide, get('127.0.0.1:4580', { headers: { authorization: `Bearer ${token}` } }))).toEqual({ action: 'serve' });
    const cookie = `other=1; ${wide.cookieName}=${token}`;
    expect(decideAccess(wide, get('127.0.0.1:4580', { headers: { cookie } }))).toEqual({ action: 'serve' });
  });

  it('refuses a wrong token in any form', () => {
    expect(decideAccess(wide, get('127.0.0.1:4580', { headers: { authorization: 'Bearer nope' } }))).toMatchObject({ status: 401 });
    expect(decideAccess(wide, get('127.0.0.1:4580', { headers: { cookie: `${wide.cookieName}=nope` } }))).toMatchObject({ status: 401 });
    expect(decideAccess(wide, get('127.0.0.1:4580', { url: '/?token=nope' }))).toMatchObject({ status: 401 });
  });

  it('sets an HttpOnly SameSite=Strict cookie on a first load with ?token= and redirects to the URL without it', () => {
    expect(decideAccess(wide, get('127.0.0.1:4580', { url: `/?token=${token}&x=1` }))).toEqual({
      action: 'login',
      location: '/?x=1',
      cookie: `litstream-token-4580=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
  });

  it('checks the Host before the token', () => {
    expect(decideAccess(wide, get('evil.example:4580', { headers: { authorization: `Bearer ${token}` } }))).toMatchObject({ status: 403 });
  });

  it('still checks Origin for a POST that carries the token', () => {
    const request = post('127.0.0.1:4580', { authorization: `Bearer ${token}`, origin: 'https://evil.example' });
    expect(decideAccess(wide, request)).toMatchObject({ status: 403 });
  });
});

describe('host names', () => {
  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'lab-host', 'localhost.example']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('normalizes --allow-host values and refuses URLs', () => {
    expect(normalizeAllowedHost('Lab-Host.Example')).toBe('lab-host.example');
    expect(normalizeAllowedHost('10.0.0.5:8080')).toBe('10.0.0.5:8080');
    expect(normalizeAllowedHost('fe80::1')).toBe('[fe80::1]');
    for (const bad of ['', 'http://lab-host', 'lab-host/path', 'a b', 'lab:99999']) {
      expect(() => normalizeAllowedHost(bad)).toThrow(DashboardAccessError);
    }
  });
});
