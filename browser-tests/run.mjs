// Drives headless Chromium (the Debian package, never a downloaded build) through wsgate handshakes.
// Usage: node run.mjs '{"ws":"ws://localhost:R/ws","allowed":"http://localhost:P1",
//                       "otherSite":"http://127.0.0.1:P2","sameSite":"http://localhost:P3"}'
// Pages come from the caller's servers: / (blank page), /token?ttl=S&kind=valid|invalid (a token
// as text), /login (sets the HttpOnly cookie wsgate_token). Prints one JSON object on stdout:
// { "<case>": { opened, protocol, echo, closeCode, ... } }. Assertions live in the caller
// (server/src/test/java/dev/wsgate/server/BrowserTest.java), which also sees the server's side.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const config = JSON.parse(process.argv[2]);
const executablePath = process.env.WSGATE_CHROMIUM || '/usr/bin/chromium';
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsgate-chromium-'));

// Runs in the page: opens a socket, sends "ping" once open, reports what happened.
async function attempt(page, { url, protocols = [], waitForClose = false, timeoutMs = 10000 }) {
  return page.evaluate(
    ({ url, protocols, waitForClose, timeoutMs }) =>
      new Promise((resolve) => {
        const result = { opened: false, protocol: null, echo: null, closeCode: null };
        const ws = new WebSocket(url, protocols);
        const timer = setTimeout(() => { result.timedOut = true; resolve(result); }, timeoutMs);
        ws.onopen = () => { result.opened = true; result.protocol = ws.protocol; ws.send('ping'); };
        ws.onmessage = (e) => {
          result.echo = e.data;
          if (!waitForClose) { ws.close(1000); }
        };
        ws.onclose = (e) => { result.closeCode = e.code; clearTimeout(timer); resolve(result); };
      }),
    { url, protocols, waitForClose, timeoutMs });
}

const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');
const withCase = (name, extra = '') => `${config.ws}?case=${name}${extra}`;

const results = {};
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  await page.goto(`${config.allowed}/`);
  const token = (query = '') => page.evaluate((q) => fetch(`/token${q}`).then((r) => r.text()), query);

  let t = await token();
  results.query = await attempt(page, {
    url: withCase('query', `&token=${encodeURIComponent(t)}`), protocols: ['app.v1'] });

  t = await token();
  results.subprotocol = await attempt(page, {
    url: withCase('subprotocol'), protocols: ['app.v1', `bearer.${t}`] });

  t = await token();
  results.subprotocolBase64url = await attempt(page, {
    url: withCase('subprotocolBase64url'), protocols: ['app.v1', `base64url.bearer.${b64url(t)}`] });

  t = await token('?kind=invalid');
  results.invalidToken = await attempt(page, {
    url: withCase('invalidToken', `&token=${encodeURIComponent(t)}`), protocols: ['app.v1'] });

  t = await token('?ttl=2');
  results.expiring = await attempt(page, {
    url: withCase('expiring', `&token=${encodeURIComponent(t)}`), protocols: ['app.v1'],
    waitForClose: true, timeoutMs: 20000 });

  // a page on another site holding a valid token it got somehow: the origin alone refuses it
  const other = await context.newPage();
  await other.goto(`${config.otherSite}/`);
  t = await other.evaluate(() => fetch('/token').then((r) => r.text()));
  results.disallowedOrigin = await attempt(other, {
    url: withCase('disallowedOrigin', `&token=${encodeURIComponent(t)}`), protocols: ['app.v1'] });

  // a sandboxed iframe inside the allowed page has an opaque origin: the browser sends Origin: null
  t = await token();
  results.sandboxedIframe = await page.evaluate(
    ({ url }) => new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.sandbox = 'allow-scripts';
      frame.srcdoc = `<script>
        const r = { opened: false, closeCode: null };
        const ws = new WebSocket(${JSON.stringify(url)}, ['app.v1']);
        ws.onopen = () => { r.opened = true; };
        ws.onclose = (e) => { r.closeCode = e.code; parent.postMessage(r, '*'); };
      <\/script>`;
      window.addEventListener('message', (e) => resolve(e.data), { once: true });
      document.body.appendChild(frame);
    }),
    { url: withCase('sandboxedIframe', `&token=${encodeURIComponent(t)}`) });

  // the user logs in on the app: the server's host sets an HttpOnly cookie (cookies ignore ports)
  await page.evaluate(() => fetch('/login').then((r) => r.text()));
  results.cookieHiddenFromScript = !(await page.evaluate(() => document.cookie)).includes('wsgate_token');
  results.cookie = await attempt(page, { url: withCase('cookie'), protocols: ['app.v1'] });

  // cross-site WebSocket hijacking: pages on other origins, no token of their own, in the browser
  // that holds the user's cookie
  const sameSite = await context.newPage();
  await sameSite.goto(`${config.sameSite}/`);
  results.hijackSameSite = await attempt(sameSite, { url: withCase('hijackSameSite'), protocols: ['app.v1'] });
  results.hijackOtherSite = await attempt(other, { url: withCase('hijackOtherSite'), protocols: ['app.v1'] });
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results) + '\n');
