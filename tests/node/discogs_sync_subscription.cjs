// Follow the discogsSync subscription to its end with the reference client of one subprotocol:
//   WAX_PROTOCOL=graphql-transport-ws  graphql-ws (npm), the modern protocol
//   WAX_PROTOCOL=graphql-ws            subscriptions-transport-ws (npm), the legacy protocol
// Prints {protocol, updates, errors} as JSON: the subprotocol the socket agreed on, every
// SyncProgress received, and any error the client reported.
const WebSocket = require("ws");

const QUERY =
  "subscription { discogsSync { phase pulled pushed skipped errors totalDiscogsItems } }";
const url = `${process.env.WAX_WS_URL}/graphql`;
const connectionParams = { authorization: `Bearer ${process.env.WAX_TOKEN}` };

function withModernClient() {
  const { createClient } = require("graphql-ws");
  return new Promise((resolve) => {
    const report = { protocol: null, updates: [], errors: [] };
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: true,
      on: { connected: (socket) => (report.protocol = socket.protocol) },
    });
    client.subscribe(
      { query: QUERY },
      {
        next: (result) => {
          if (result.errors) report.errors.push(...result.errors);
          if (result.data) report.updates.push(result.data.discogsSync);
        },
        error: (error) => {
          report.errors.push(String(error && (error.message || error.reason || error)));
          client.dispose();
          resolve(report);
        },
        complete: () => {
          client.dispose();
          resolve(report);
        },
      },
    );
  });
}

function withLegacyClient() {
  const { SubscriptionClient } = require("subscriptions-transport-ws");
  return new Promise((resolve) => {
    const report = { protocol: null, updates: [], errors: [] };
    const client = new SubscriptionClient(url, { connectionParams, reconnect: false }, WebSocket);
    client.onConnected(() => (report.protocol = client.client.protocol));
    client.request({ query: QUERY }).subscribe({
      next: (result) => {
        if (result.errors) report.errors.push(...result.errors);
        if (result.data) report.updates.push(result.data.discogsSync);
      },
      error: (error) => {
        report.errors.push(String(error && (error.message || error)));
        client.close();
        resolve(report);
      },
      complete: () => {
        client.close();
        resolve(report);
      },
    });
  });
}

async function main() {
  const protocol = process.env.WAX_PROTOCOL;
  const follow = { "graphql-transport-ws": withModernClient, "graphql-ws": withLegacyClient }[
    protocol
  ];
  if (!follow) throw new Error(`unknown WAX_PROTOCOL ${protocol}`);
  console.log(JSON.stringify(await follow()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
