// Load each page in the system Chromium at a phone's width and measure whether it scrolls sideways.
//   node phone-width.mjs --browser /usr/bin/chromium page1.html page2.html ...
// Prints {"width": 390, "pages": [{"page", "viewport", "scrollWidth", "wide": [...]}]}: "wide" names
// the elements reaching past the right edge of the screen (outside any box that scrolls on its
// own), for the message. Exits 0 whatever it finds (the pytest test judges), 2 when the browser
// cannot be started.
import { pathToFileURL } from "node:url";

import { parseArgs, withChromium } from "./chromium.mjs";

const WIDTH = 390; // an iPhone 12-15 screen in CSS pixels, the narrowest common phone
const { browserPath, pages } = parseArgs(process.argv.slice(2));
await withChromium(browserPath, { viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true },
  async (context) => {
    const results = [];
    const page = await context.newPage();
    for (const file of pages) {
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      const measured = await page.evaluate(() => {
        const viewport = document.documentElement.clientWidth;
        const scrolls = (el) => {
          for (let p = el.parentElement; p; p = p.parentElement) {
            const overflow = getComputedStyle(p).overflowX;
            if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") return true;
          }
          return false;
        };
        const wide = [];
        for (const el of document.body.querySelectorAll("*")) {
          const right = el.getBoundingClientRect().right + window.scrollX;
          if (right > viewport + 0.5 && !scrolls(el) && wide.length < 10) {
            wide.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ").join(".") : ""}`
                      + ` (right edge ${Math.round(right)} px)`);
          }
        }
        return { viewport, scrollWidth: document.documentElement.scrollWidth, wide };
      });
      results.push({ page: file, ...measured });
    }
    console.log(JSON.stringify({ width: WIDTH, pages: results }));
  });
