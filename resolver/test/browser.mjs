// The product page in a real browser: Debian's chromium, headless, driven by
// puppeteer-core (which downloads no browser).  Opens the page of a demo
// product's sealed lot and of the tampered lot at 360×800 (a phone) and
// 1280×800, checks the DOM (verdict, stars, certificate), that nothing
// overflows the viewport, that no request leaves the resolver and that the
// console stays clean, and saves a screenshot of each under OUT.
// Environment: RESOLVER_URL, CHROMIUM (the binary), OUT, and PAGES, a JSON
// list of {name, path, verdict, stars, lang}.
import puppeteer from 'puppeteer-core';

const BASE = process.env.RESOLVER_URL;
const OUT = process.env.OUT;
const pages = JSON.parse(process.env.PAGES);
let pass = 0, fail = 0;
function ok(cond, name, extra = '') {
  if (cond) { pass++; console.log(`   ok   ${name}`); } else { fail++; console.log(`   FAIL ${name}${extra ? `: ${extra}` : ''}`); }
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  // root in a container: no sandbox; no GPU on a server
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
});
try {
  for (const spec of pages) {
    for (const [w, h] of [[360, 800], [1280, 800]]) {
      const name = `${spec.name} at ${w}×${h}`;
      const tab = await browser.newPage();
      await tab.setViewport({ width: w, height: h, deviceScaleFactor: 1 });
      if (spec.lang) await tab.setExtraHTTPHeaders({ 'Accept-Language': spec.lang });
      const problems = [];
      const foreign = [];
      tab.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
      tab.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      tab.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
      tab.on('request', (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) foreign.push(r.url()); });
      const res = await tab.goto(BASE + spec.path, { waitUntil: 'load', timeout: 30000 });
      ok(res && res.status() === 200, `${name}: 200`, res && String(res.status()));
      const dom = await tab.evaluate(() => {
        const q = (s) => document.querySelector(s);
        return {
          lang: document.documentElement.lang,
          verdict: q('#verdict') && q('#verdict').dataset.verdict,
          verdictText: q('#verdict') && q('#verdict').innerText.trim(),
          verdictVisible: !!q('#verdict') && q('#verdict').getBoundingClientRect().top < window.innerHeight,
          stars: q('#stars') && q('#stars').textContent.trim(),
          validity: q('#validity') && q('#validity').dataset.status,
          steps: document.querySelectorAll('ol.timeline li').length,
          map: !!q('#map svg path'),
          qr: !!q('#qr svg'),
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          resources: performance.getEntriesByType('resource').map((e) => e.name),
        };
      });
      ok(dom.verdict === spec.verdict, `${name}: verdict ${spec.verdict}`, dom.verdict);
      ok(dom.verdictText && dom.verdictText.includes(spec.verdictText), `${name}: verdict text "${spec.verdictText.slice(0, 40)}…"`, dom.verdictText);
      ok(dom.verdictVisible, `${name}: the verdict is on the first screen`);
      ok(dom.stars === spec.stars, `${name}: stars ${spec.stars}`, dom.stars);
      ok(dom.validity === spec.status, `${name}: certificate ${spec.status}`, dom.validity);
      ok(dom.steps === spec.steps && dom.map && dom.qr, `${name}: ${spec.steps} steps, the map and the QR code are drawn`, JSON.stringify(dom));
      ok(dom.scrollWidth <= dom.innerWidth, `${name}: nothing wider than the viewport (${dom.scrollWidth} ≤ ${dom.innerWidth})`);
      ok(dom.lang === (spec.lang && spec.lang.startsWith('en') ? 'en' : 'vi'), `${name}: language ${dom.lang}`);
      ok(foreign.length === 0 && dom.resources.length === 0, `${name}: no request beyond the page itself`, [...foreign, ...dom.resources].join(' '));
      ok(problems.length === 0, `${name}: no console error or failed load`, problems.join(' | '));
      const file = `${OUT}/${spec.name}-${w}x${h}.png`;
      await tab.screenshot({ path: file, fullPage: true });
      console.log(`        screenshot ${file}`);
      await tab.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`browser: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
