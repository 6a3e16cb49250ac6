// A listener with a browser: headless Chromium plays a signed media URL in an <audio> element
// (which cannot send an Authorization header) and reports what it saw as JSON: whether
// canplaythrough fired, how far currentTime got, and the statuses of the media requests.
// Needs WAX_CHROMIUM (the browser executable) and WAX_AUDIO_URL (the URL to play).
const { chromium } = require("playwright-core");

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];

async function main() {
  const url = process.env.WAX_AUDIO_URL;
  const seen = { responses: [], pageErrors: [] };
  const browser = await chromium.launch({
    executablePath: process.env.WAX_CHROMIUM,
    headless: true,
    args: FLAGS,
  });
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => seen.pageErrors.push(String(error)));
    page.on("response", async (response) => {
      if (response.url() === url) {
        const range = await response.request().headerValue("range");
        seen.responses.push({ status: response.status(), range });
      }
    });
    await page.goto(new URL("/healthz", process.env.WAX_URL).href);
    Object.assign(
      seen,
      await page.evaluate(async (src) => {
        const audio = document.createElement("audio");
        audio.preload = "auto";
        document.body.appendChild(audio);
        const ready = new Promise((resolve, reject) => {
          audio.addEventListener("canplaythrough", () => resolve(true), { once: true });
          audio.addEventListener("error", () => reject(new Error(`media error ${audio.error.code}`)));
        });
        audio.src = src;
        const canplaythrough = await ready;
        await audio.play();
        const started = performance.now();
        while (audio.currentTime < 0.5 && performance.now() - started < 20000) {
          await new Promise((resolve) => audio.addEventListener("timeupdate", resolve, { once: true }));
        }
        const playedTo = audio.currentTime;
        // a seek near the end, as a listener dragging the bar does
        const seeked = new Promise((resolve) => audio.addEventListener("seeked", resolve, { once: true }));
        audio.currentTime = audio.duration - 1;
        await seeked;
        return { canplaythrough, playedTo, duration: audio.duration, seekedTo: audio.currentTime };
      }, url),
    );
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(seen));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
