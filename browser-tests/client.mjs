// Drives the browser client (client-js, npm wsgate-client) in headless Chromium against the real server.
// Usage: node client.mjs '{"ws":"ws://localhost:R/ws","page":"http://localhost:P"}'
// The page server (server/src/test/java/dev/wsgate/server/ClientBrowserTest.java) serves / (blank),
// /wsgate-client/index.js (client-js/index.js as it is), /token?sub=&ttl= (a token as text),
// /control/restart (restarts the server on its port) and /control/revoke?subject= (the admin port's
// disconnect). Prints one JSON object on stdout: { "<scenario>": { states, tokens, messages, ... } };
// the assertions live in ClientBrowserTest, which also sees every upgrade the server answered.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const config = JSON.parse(process.argv[2]);
const executablePath = process.env.WSGATE_CHROMIUM || '/usr/bin/chromium';
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsgate-chromium-'));

// Runs in the page: window.scenario(options) connects with the client and records what it reports;
// the returned handle waits for states and messages with a deadline, and summarises as JSON.
const HARNESS = `
window.scenario = async (name, options) => {
  const { connect } = await import('/wsgate-client/index.js');
  const rec = { states: [], tokens: [], messages: [], expiresAt: [], errors: [] };
  let wake = () => {};
  const changed = () => { const w = wake; wake = () => {}; w(); };
  const started = Date.now();
  let conn = null;
  conn = connect({
    url: '${config.ws}?case=' + name,
    protocols: ['app.v1'],
    backoff: { baseMs: 200, maxMs: 2000 },
    ...options,
    getToken: async (request) => {
      rec.tokens.push(request.reason);
      const r = await fetch(options.tokenPath || '/token?sub=browser-user&ttl=600');
      return r.text();
    },
    onStateChange: (state, info) => {
      const s = { state, at: Date.now() - started };
      for (const k of ['code', 'reason', 'stop', 'delayMs', 'attempt', 'protocol', 'status']) {
        if (info[k] !== undefined) s[k] = info[k];
      }
      if (info.error !== undefined) s.error = String(info.error);
      rec.states.push(s);
      if (state === 'open' && conn && conn.expiresAt) rec.expiresAt.push(conn.expiresAt);
      changed();
    },
    onMessage: (data) => { rec.messages.push(data); changed(); },
  });
  const until = (what, predicate, timeoutMs = 15000) => new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error('timed out waiting for ' + what)), timeoutMs);
    const check = () => {
      if (predicate()) { clearTimeout(deadline); resolve(); } else { wake = check; }
    };
    check();
  });
  const opens = () => rec.states.filter((s) => s.state === 'open').length;
  return {
    conn, rec, until, opens,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    watchExpiry() {
      const t = setInterval(() => {
        const e = conn.expiresAt;
        if (e && rec.expiresAt[rec.expiresAt.length - 1] !== e) rec.expiresAt.push(e);
      }, 100);
      return () => clearInterval(t);
    },
    async echo(text) {
      const before = rec.messages.length;
      if (!conn.send(text)) throw new Error('send refused in state ' + conn.state);
      await until('echo of ' + text, () => rec.messages.length > before);
      return rec.messages[before];
    },
    result(extra = {}) { return { ...rec, finalState: conn.state, ...extra }; },
  };
};`;

// Each scenario runs whole inside the page and returns its record; a failure is recorded, not thrown,
// so that the Java side reports which scenario failed and how far it got.
async function run(page, name, body, options) {
  try {
    return await page.evaluate(body, { name, options });
  } catch (e) {
    return { failed: String(e && e.message ? e.message : e) };
  }
}

const results = {};
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
  await page.goto(`${config.page}/`);
  await page.addScriptTag({ content: HARNESS });

  // open, echo, close: the token in the query, then in Sec-WebSocket-Protocol
  const openEchoClose = async ({ name, options }) => {
    const s = await window.scenario(name, options);
    await s.until('open', () => s.opens() === 1);
    const echo = await s.echo('ping');
    s.conn.close();
    return s.result({ echo, protocol: s.rec.states.find((x) => x.state === 'open').protocol });
  };
  results.query = await run(page, 'client-query', openEchoClose, { mode: 'query' });
  results.subprotocol = await run(page, 'client-subprotocol', openEchoClose, { mode: 'subprotocol' });

  // in-band refresh: 4 s tokens, the server's jitter 1 s; one socket for more than three lifetimes
  results.refresh = await run(page, 'client-refresh', async ({ name, options }) => {
    const s = await window.scenario(name, options);
    await s.until('open', () => s.opens() === 1);
    const stop = s.watchExpiry();
    const openedAt = Date.now();
    await s.sleep(3 * 4000 + 1000);
    stop();
    const echo = await s.echo('still here');
    const openMs = Date.now() - openedAt;
    s.conn.close();
    return s.result({ echo, openMs });
  }, { mode: 'subprotocol', refresh: true, expiryJitterMs: 1000, tokenPath: '/token?sub=refresher&ttl=4' });

  // no in-band refresh: the client leaves with 1000 and reconnects before the server's expiry close
  results.reconnectBeforeExpiry = await run(page, 'client-reconnect', async ({ name, options }) => {
    const s = await window.scenario(name, options);
    await s.until('three opens', () => s.opens() >= 3, 20000);
    const echo = await s.echo('ping');
    s.conn.close();
    return s.result({ echo });
  }, { mode: 'query', refresh: false, expiryJitterMs: 1000, tokenPath: '/token?sub=reconnecter&ttl=4' });

  // the server restarts (1001 to every socket, then down for a second): the client comes back
  results.restart = await run(page, 'client-restart', async ({ name, options }) => {
    const s = await window.scenario(name, options);
    await s.until('open', () => s.opens() === 1);
    const restarted = await fetch('/control/restart').then((r) => r.text());
    await s.until('open again', () => s.opens() === 2, 20000);
    const echo = await s.echo('after restart');
    s.conn.close();
    return s.result({ echo, restarted });
  }, { mode: 'query' });

  // the subject is revoked (admin disconnect: 4001, then denied at the gate): the client stops
  results.revoked = await run(page, 'client-revoked', async ({ name, options }) => {
    const s = await window.scenario(name, options);
    await s.until('open', () => s.opens() === 1);
    const admin = await fetch('/control/revoke?subject=revoked-user').then((r) => r.status);
    await s.until('closed', () => s.conn.state === 'closed');
    await s.sleep(2000); // long enough for a retry the client must not make
    return s.result({ admin });
  }, { mode: 'query', tokenPath: '/token?sub=revoked-user&ttl=600' });

  // tickets: the token goes once, in Authorization, to POST /ws/ticket (CORS: this page is another
  // origin); the upgrade carries only ?ticket=
  results.ticket = await run(page, 'client-ticket', openEchoClose, { mode: 'ticket' });

  // revoked in ticket mode: after the 4001 the ticket request itself is refused with a real 401
  results.ticketRevoked = await run(page, 'client-ticket-revoked', async ({ name, options }) => {
    const s = await window.scenario(name, options);
    await s.until('open', () => s.opens() === 1);
    const admin = await fetch('/control/revoke?subject=revoked-ticket-user').then((r) => r.status);
    await s.until('closed', () => s.conn.state === 'closed');
    return s.result({ admin });
  }, { mode: 'ticket', tokenPath: '/token?sub=revoked-ticket-user&ttl=600' });

  // first-message authentication: no token at the upgrade, the first frame authenticates
  results.message = await run(page, 'client-message', openEchoClose, { mode: 'message' });

  // a token the server refuses in the first frame: 4001, one retry with a fresh one, then stop
  results.messageRefused = await run(page, 'client-message-refused', async ({ name, options }) => {
    const s = await window.scenario(name, options);
    await s.until('closed', () => s.conn.state === 'closed');
    return s.result();
  }, { mode: 'message', tokenPath: '/token?sub=browser-user&ttl=600&kind=invalid' });
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results) + '\n');
