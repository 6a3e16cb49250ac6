// PostGraphile 5 as the bench runs it beside wax: the amber preset plus the connection filter
// plugin, production mode (GRAPHILE_ENV=production, no explain, no watch, no GraphiQL), one
// process, node-pg's default pool (10). bench/postgraphile.py copies it next to the packages
// it installs in build/postgraphile and runs it there with DATABASE_URL and PORT set.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const port = Number(process.env.PORT);
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [
    makePgService({ connectionString: process.env.DATABASE_URL, schemas: ["public"] }),
  ],
  grafserv: { port, graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (error) => {
  console.error(error);
  process.exit(1);
});
// build the schema before listening, so that the first request the bench sends is served
await pgl.getSchema();
await serv.addTo(server);
server.listen(port, "127.0.0.1", () => console.log(`postgraphile on 127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    pgl.release().finally(() => process.exit(0));
  });
}
