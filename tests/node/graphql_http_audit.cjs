// The graphql-http audit suite (GraphQL over HTTP spec conformance) against a live wax.
// Prints [{id, name, status, reason}] as JSON; exits non-zero only if the audit itself crashes.
const { auditServer } = require("graphql-http");

async function main() {
  const url = `${process.env.WAX_URL}/graphql`;
  const authorization = `Bearer ${process.env.WAX_TOKEN}`;
  const fetchFn = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", authorization);
    return fetch(input, { ...init, headers });
  };
  const results = await auditServer({ url, fetchFn });
  const report = [];
  for (const result of results) {
    const entry = { id: result.id, name: result.name, status: result.status };
    if (result.status !== "ok") {
      entry.reason = result.reason;
      entry.responseStatus = result.response.status;
      entry.responseType = result.response.headers.get("content-type");
      entry.responseBody = (await result.response.text()).slice(0, 300);
    }
    report.push(entry);
  }
  console.log(JSON.stringify(report));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
