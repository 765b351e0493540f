// Run axe-core inside the system Chromium over HTML pages and print the results as JSON.
//   node axe-check.mjs --browser /usr/bin/chromium page1.html page2.html ...
// Prints {"axe": version, "browser": version, "pages": [{"page", "violations": [...]}]}; exits 0
// whatever axe finds (the pytest test judges), 2 when the browser cannot be started.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

import { parseArgs, withChromium } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const axeSource = require("axe-core").source;

// WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the Public Sector Bodies Accessibility
// Regulations 2018 require.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const { browserPath, pages } = parseArgs(process.argv.slice(2));
await withChromium(browserPath, {}, async (context) => {
  const results = [];
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
});
