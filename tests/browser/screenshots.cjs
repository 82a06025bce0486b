// The screenshots of docs/site.md and the README, from a built site, in headless Chromium:
//   accsm --root examples/kpi-returns site --out /tmp/site --force
//   NODE_PATH=target/browser-node/node_modules node tests/browser/screenshots.cjs /tmp/site docs/img
// One viewport each (not the whole page), to keep the files small.
"use strict";
const path = require("path");
const { pathToFileURL } = require("url");
const { chromium } = require("playwright-core");

const SHOTS = [
  ["site-home.png", "index.html"],
  ["site-programme.png", "programmes/accsm-2021-2025/1.html"],
  ["site-country.png", "countries/idn.html#trends"],
  ["site-kpi.png", "kpis/accsm-2021-2025/a.1.html#whole"],
];

(async () => {
  const [site, out] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 960, height: 720 } });
  for (const [file, rel] of SHOTS) {
    const [name, anchor] = rel.split("#");
    await page.goto(pathToFileURL(path.resolve(site, name)).href + (anchor ? "#" + anchor : ""));
    await page.screenshot({ path: path.join(out, file) });
  }
  await browser.close();
})();
