// Checks built sites and report pages in headless Chromium, in one browser session:
//   node check.cjs SITE_DIR... [--page FILE.html...]
// For every page of each site (found by following its links from index.html; a page no link
// leads to is a problem too): every internal link resolves (the file exists, and an #anchor
// names an element there). The first pages of each kind of page (by folder, e.g.
// programmes/<plan>/ pages; ACCSM_AXE_SAMPLES, 2 by default), and every --page given, are
// opened in the browser:
//   - no console error and no uncaught exception;
//   - no request leaves the folder (every URL the page asks for is a file inside it);
//   - axe-core finds no violation (WCAG 2.1 A and AA, and best practices);
//   - every mark of a chart stands out from the page at 3:1 (its fill, or its outline when the
//     fill is pale);
//   - at 320 CSS pixels wide the page does not scroll sideways;
// and the search page finds a programme with JavaScript on, and with it off shows the way to
// the plain index pages.
// Prints one line per problem and a summary; exits 1 when there is a problem.
"use strict";

const fs = require("fs");
const path = require("path");
const { pathToFileURL, fileURLToPath } = require("url");
const { chromium } = require("playwright-core");
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const SAMPLES = Number(process.env.ACCSM_AXE_SAMPLES || 2);
const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    for (const dir of (process.env.PATH || "").split(path.delimiter)) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return file;
    }
  }
  throw new Error("no chromium on PATH (apt-get install -y chromium, or set CHROMIUM)");
}

// WCAG relative luminance and contrast ratio of two "rgb(r, g, b)" colours.
function luminance(rgb) {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => p - q);
  return (y + 0.05) / (x + 0.05);
}

// The colours of every chart mark, read in the page.
function chartMarks() {
  const parse = (s) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(s || "");
    if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return null;
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  };
  const marks = [];
  for (const el of document.querySelectorAll("svg.chart rect, svg.chart circle, svg.chart polyline")) {
    const style = getComputedStyle(el);
    const width = parseFloat(style.strokeWidth) || 0;
    marks.push({
      tag: el.tagName,
      cls: el.getAttribute("class") || "",
      fill: el.tagName === "polyline" ? null : parse(style.fill),
      stroke: style.stroke === "none" || width <= 0 ? null : parse(style.stroke),
    });
  }
  return marks;
}

// Every page reachable from index.html, by following the links in the files.
function crawl(root) {
  const pages = [];
  const seen = new Set();
  const queue = ["index.html"];
  while (queue.length) {
    const rel = queue.shift();
    if (seen.has(rel)) continue;
    seen.add(rel);
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) continue;
    pages.push(rel);
    const html = fs.readFileSync(file, "utf8");
    for (const m of html.matchAll(/href="([^"]*)"/g)) {
      const href = m[1].replace(/&amp;/g, "&");
      if (/^[a-z]+:/i.test(href) || href.startsWith("#")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), href.split("#")[0]));
      if (target.endsWith(".html") && !seen.has(target)) queue.push(target);
    }
  }
  return pages;
}

// The kind of a page: its folder, and whether it is the folder's index.
function kindOf(rel) {
  const parts = rel.split("/");
  if (parts.length === 1) return rel;
  const base = parts[parts.length - 1] === "index.html" ? "index" : "page";
  return `${parts[0]}/${base}`;
}

// Every link of a page, read from its file: `where` names the page in messages.
function checkLinks(root, rel, where) {
  const html = fs.readFileSync(path.join(root, rel), "utf8");
  const links = [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
  for (const href of links) {
    if (/^[a-z]+:/i.test(href)) {
      problem(where, `a link out of the folder: ${href}`);
      continue;
    }
    if (href.startsWith("/")) {
      problem(where, `a link from the server's root, which breaks under a sub-path: ${href}`);
      continue;
    }
    const [file, anchor] = href.split("#");
    const targetRel = file ? path.posix.normalize(path.posix.join(path.posix.dirname(rel), file)) : rel;
    const target = path.join(root, targetRel);
    if (targetRel.startsWith("..") || !fs.existsSync(target)) {
      problem(where, `a broken link: ${href}`);
      continue;
    }
    if (anchor) {
      const there = file ? fs.readFileSync(target, "utf8") : html;
      if (!there.includes(`id="${anchor}"`)) problem(where, `a link to a missing anchor: ${href}`);
    }
  }
}

async function deepChecks(page, where) {
  // Evaluated through the DevTools protocol, which the pages' content security policy (rightly)
  // does not let a <script> do.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    // No preload: axe would fetch the stylesheets itself, which the policy forbids.
    axe.run(document, { resultTypes: ["violations"], preload: false })
  );
  for (const v of result.violations) {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
    problem(where, `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${targets}`);
  }
  for (const m of await page.evaluate(chartMarks)) {
    const white = [255, 255, 255];
    const fill = m.fill ? contrast(m.fill, white) : 1;
    const stroke = m.stroke ? contrast(m.stroke, white) : 1;
    if (Math.max(fill, stroke) < 3) {
      problem(where, `the chart mark <${m.tag} class="${m.cls}"> stands out at ${Math.max(fill, stroke).toFixed(2)}:1, under 3:1`);
    }
  }
  await page.setViewportSize({ width: 320, height: 800 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 320) problem(where, `at 320 px wide the page scrolls sideways to ${wide} px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function main() {
  const args = process.argv.slice(2);
  const split = args.indexOf("--page");
  const sites = split < 0 ? args : args.slice(0, split);
  const single = split < 0 ? [] : args.slice(split + 1);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
  let visited = 0;
  let deep = 0;
  let linked = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    let current = "";
    let root = "";
    page.on("console", (msg) => {
      if (msg.type() === "error") problem(current, `console error: ${msg.text()}`);
    });
    page.on("pageerror", (err) => problem(current, `uncaught: ${err.message}`));
    page.on("request", (req) => {
      const url = req.url();
      if (url.startsWith("data:")) return;
      let inside = false;
      try {
        inside = url.startsWith("file:") && !path.relative(root, fileURLToPath(url)).startsWith("..");
      } catch (_) {
        inside = false;
      }
      if (!inside) problem(current, `a request outside the folder: ${url}`);
    });

    for (const site of sites) {
      root = path.resolve(site);
      const pages = crawl(root);
      const all = [];
      (function walk(dir) {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.name.endsWith(".html")) all.push(path.relative(root, p).split(path.sep).join("/"));
        }
      })(root);
      const reached = new Set(pages);
      for (const p of all) if (!reached.has(p)) problem(`${site}/${p}`, "no link leads to this page");
      // Links are checked on every page, from the files; the browser opens the first pages of
      // each kind (console, requests, axe, chart contrast, 320 px).
      const sampled = new Map();
      for (const rel of pages) {
        checkLinks(root, rel, `${site}/${rel}`);
        const kind = kindOf(rel);
        const n = sampled.get(kind) || 0;
        if (n >= SAMPLES) continue;
        sampled.set(kind, n + 1);
        current = `${site}/${rel}`;
        await page.goto(pathToFileURL(path.join(root, rel)).href, { waitUntil: "load" });
        visited++;
        await deepChecks(page, current);
        deep++;
      }
      linked += pages.length;
      // The search, with JavaScript on: a word of the first programme's title finds it.
      const index = fs.readFileSync(path.join(root, "assets/search-index.js"), "utf8");
      const line = index.split("\n").find((l) => l.startsWith('["programme"'));
      const first = line && JSON.parse(line.replace(/,$/, ""));
      if (first) {
        const word = first[2].split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w)) || first[1];
        current = `${site}/search.html?q=${word}`;
        const url = pathToFileURL(path.join(root, "search.html")).href + "?q=" + encodeURIComponent(word);
        await page.goto(url, { waitUntil: "load" });
        const found = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
        if (!found.some((h) => h.startsWith("programmes/"))) problem(current, `the search for "${word}" found no programme`);
        for (const h of found.slice(0, 20)) if (!fs.existsSync(path.join(root, h))) problem(current, `a search result leads nowhere: ${h}`);
        await deepChecks(page, current);
      }
      // And with it off: the page still leads to the plain index pages.
      const off = await browser.newContext({ javaScriptEnabled: false });
      const plain = await off.newPage();
      await plain.goto(pathToFileURL(path.join(root, "search.html")).href + "?q=x", { waitUntil: "load" });
      const ways = await plain.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
      if (!ways.includes("plans/index.html")) problem(`${site}/search.html (no JavaScript)`, "no way to the plain index of programmes");
      await off.close();
    }
    for (const file of single) {
      root = path.dirname(path.resolve(file));
      current = file;
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
      visited++;
      await deepChecks(page, current);
      deep++;
    }
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(`PROBLEM ${p}`);
  console.log(`checked the links of ${linked} pages, and ${visited} pages in Chromium (${deep} with axe, chart contrast and 320 px); ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((e) => {
  console.log(`PROBLEM the check could not run: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
