// A graphql-ws client (graphql-transport-ws protocol): subscribe to WAX_QUERY with the token in
// connection_init, collect the events until the server completes (or WAX_TAKE events arrived).
// Prints {"events": [...data...], "completed": bool, "errors": [...]} as JSON.
const { createClient } = require("graphql-ws");
const WebSocket = require("ws");

async function main() {
  const take = Number(process.env.WAX_TAKE || "0");
  const client = createClient({
    url: `${process.env.WAX_WS_URL}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${process.env.WAX_TOKEN}` },
    retryAttempts: 0,
  });
  const report = { events: [], completed: false, errors: [] };
  const subscription = client.iterate({ query: process.env.WAX_QUERY });
  try {
    for await (const result of subscription) {
      if (result.errors) report.errors.push(...result.errors);
      if (result.data) report.events.push(result.data);
      if (take && report.events.length >= take) break;
    }
    report.completed = !take || report.events.length < take;
  } catch (error) {
    // a refused connection ends with a CloseEvent, anything else with an Error or GraphQL errors
    if (error && typeof error.code === "number") {
      report.errors.push({ closeCode: error.code, closeReason: error.reason });
    } else {
      report.errors.push(error instanceof Error ? { message: error.message } : error);
    }
  } finally {
    await client.dispose();
  }
  console.log(JSON.stringify(report));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
