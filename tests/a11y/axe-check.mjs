// Run axe-core inside the system Chromium over HTML pages and print the results as JSON.
//   node axe-check.mjs --browser /usr/bin/chromium page1.html page2.html ...
// Prints {"axe": version, "browser": version, "pages": [{"page", "violations": [...]}]}; exits 0
// whatever axe finds (the pytest test judges), 2 when the browser cannot be started.
// playwright-core downloads no browser: it drives the one given by --browser.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = require("axe-core").source;

// WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the Public Sector Bodies Accessibility
// Regulations 2018 require.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const args = process.argv.slice(2);
let browserPath = "/usr/bin/chromium";
const pages = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--browser") browserPath = args[++i];
  else pages.push(resolve(args[i]));
}

// A fresh profile each run; the switches keep a root, offline, headless Chromium quiet.
const profile = mkdtempSync(join(tmpdir(), "a11y-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
} catch (err) {
  console.error(`cannot start Chromium at ${browserPath}: ${err.message}`);
  rmSync(profile, { recursive: true, force: true });
  process.exit(2);
}
const results = [];
try {
  const page = await context.newPage();
  for (const file of pages) {
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, tags: v.tags,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 300), summary: n.failureSummary })),
      }));
    }, TAGS);
    results.push({ page: file, violations: found });
  }
  const version = context.browser() ? context.browser().version() : "";
  console.log(JSON.stringify({ axe: require("axe-core").version, browser: version, tags: TAGS, pages: results }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
