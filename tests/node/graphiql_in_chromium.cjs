// A person with a browser: open GraphiQL on a live wax in headless Chromium, put the token in
// the headers editor, run a query and read the result pane. Prints what it saw as JSON.
// Needs WAX_CHROMIUM (the browser executable); WAX_SCREENSHOT (a .png path) is optional.
const { chromium } = require("playwright-core");

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

async function replaceEditorText(page, editor, text) {
  await page.locator(`${editor} .CodeMirror`).first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text); // as a paste: no auto-closed brackets
}

function editorText(page, editor) {
  return page.evaluate(
    (selector) => document.querySelector(`${selector} .CodeMirror`).CodeMirror.getValue(),
    editor,
  );
}

async function main() {
  const base = process.env.WAX_URL;
  const seen = { foreignRequests: [], pageErrors: [], failedAssets: [] };
  // launch() starts Chromium headless with a fresh, temporary profile
  const browser = await chromium.launch({
    executablePath: process.env.WAX_CHROMIUM,
    headless: true,
    args: FLAGS,
  });
  try {
    const page = await browser.newPage();
    page.on("request", (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith("data:")) {
        seen.foreignRequests.push(request.url());
      }
    });
    page.on("response", (response) => {
      if (response.request().resourceType() !== "fetch" && response.status() >= 400) {
        seen.failedAssets.push(`${response.status()} ${response.url()}`);
      }
    });
    page.on("pageerror", (error) => seen.pageErrors.push(String(error)));

    await page.goto(`${base}/graphql`, { waitUntil: "load" });
    await page.locator(".graphiql-query-editor .CodeMirror").waitFor({ timeout: 30000 });
    seen.title = await page.title();

    const headersEditor = ".graphiql-editor-tool .graphiql-editor:not(.hidden)";
    await page.getByRole("button", { name: "Headers", exact: true }).click();
    await replaceEditorText(
      page,
      headersEditor,
      JSON.stringify({ Authorization: `Bearer ${process.env.WAX_TOKEN}` }),
    );
    seen.headers = await editorText(page, headersEditor);

    await replaceEditorText(page, ".graphiql-query-editor", "{ viewer { name } }");
    await page.locator(".graphiql-execute-button").click();

    const response = page.locator(".graphiql-response .CodeMirror");
    await page.waitForFunction(
      () => {
        const editor = document.querySelector(".graphiql-response .CodeMirror");
        return editor && editor.CodeMirror.getValue().includes('"data"');
      },
      null,
      { timeout: 30000 },
    );
    seen.result = JSON.parse(await response.evaluate((el) => el.CodeMirror.getValue()));

    // with the token in place, GraphiQL can learn the schema: its docs then list Query's fields
    await page.getByRole("button", { name: "Re-fetch GraphQL schema" }).click();
    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Query", { exact: true }).click();
    await docs.getByText("viewer", { exact: true }).first().waitFor({ timeout: 30000 });
    seen.docsShowViewer = true;
    if (process.env.WAX_SCREENSHOT) {
      await page.screenshot({ path: process.env.WAX_SCREENSHOT });
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(seen));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
