// A subscriptions-transport-ws client (the legacy graphql-ws protocol): subscribe to WAX_QUERY
// with the token in connection_init, collect the events until the server completes.
// Prints {"events": [...data...], "completed": bool, "errors": [...], "protocol": "..."} as JSON.
const { SubscriptionClient } = require("subscriptions-transport-ws");
const WebSocket = require("ws");

function follow() {
  return new Promise((resolve) => {
    const report = { events: [], completed: false, errors: [], protocol: null };
    const client = new SubscriptionClient(
      `${process.env.WAX_WS_URL}/graphql`,
      {
        connectionParams: { authorization: `Bearer ${process.env.WAX_TOKEN}` },
        reconnect: false,
        connectionCallback: (error) => error && report.errors.push(error),
      },
      WebSocket,
    );
    client.onConnected(() => (report.protocol = client.client.protocol));
    const finish = () => {
      client.close();
      resolve(report);
    };
    client.onDisconnected(finish);
    client.request({ query: process.env.WAX_QUERY }).subscribe({
      next: (result) => {
        if (result.errors) report.errors.push(...result.errors);
        if (result.data) report.events.push(result.data);
      },
      error: (error) => {
        report.errors.push(error instanceof Error ? { message: error.message } : error);
        finish();
      },
      complete: () => {
        report.completed = true;
        finish();
      },
    });
  });
}

follow()
  .then((report) => console.log(JSON.stringify(report)))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
