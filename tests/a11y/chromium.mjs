// The system Chromium (Debian's /usr/bin/chromium) driven by playwright-core, which downloads no
// browser: shared by the accessibility check (axe-check.mjs) and the phone layout check
// (phone-width.mjs).
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

// "--browser PATH page1.html page2.html ...": the browser and the pages, as absolute paths
export function parseArgs(argv) {
  let browserPath = "/usr/bin/chromium";
  const pages = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--browser") browserPath = argv[++i];
    else pages.push(resolve(argv[i]));
  }
  return { browserPath, pages };
}

// Run fn(context) in a fresh profile of a root, offline, headless Chromium; exits 2 when the
// browser cannot be started. `options`: playwright context options (viewport, ...).
export async function withChromium(browserPath, options, fn) {
  const profile = mkdtempSync(join(tmpdir(), "a11y-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browserPath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      ...options,
    });
  } catch (err) {
    console.error(`cannot start Chromium at ${browserPath}: ${err.message}`);
    rmSync(profile, { recursive: true, force: true });
    process.exit(2);
  }
  try {
    return await fn(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
