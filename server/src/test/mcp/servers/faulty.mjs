// An MCP server for Agentry's tests that misbehaves on request.
//   node faulty.mjs            serves MCP over stdio
//   node faulty.mjs <port>     serves streamable HTTP at http://127.0.0.1:<port>/mcp
// Tools: echo, pid, header, slow (honours cancellation), cancellations, in-flight, fail (isError), exit (the process
// exits mid-call), big (a long result), add-tool (adds a tool, announcing it with list_changed unless
// notify is false). Logs to stderr only: stdout is the stdio transport.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";

const object = (properties = {}, required = []) => ({ type: "object", properties, required });
const tools = [
  { name: "echo", description: "Answers with its text", inputSchema: object({ text: { type: "string" } }, ["text"]) },
  { name: "pid", description: "The server's process id", inputSchema: object() },
  { name: "slow", description: "Waits that many seconds, unless cancelled",
    inputSchema: object({ seconds: { type: "number" } }, ["seconds"]) },
  { name: "cancellations", description: "How many slow calls were cancelled", inputSchema: object() },
  { name: "in-flight", description: "How many slow calls are waiting now", inputSchema: object() },
  { name: "fail", description: "Always answers with an error result", inputSchema: object() },
  { name: "exit", description: "Ends the server's process without answering", inputSchema: object() },
  { name: "big", description: "Answers with that many characters",
    inputSchema: object({ chars: { type: "integer" } }, ["chars"]) },
  { name: "header", description: "The value of that header of the HTTP request (streamable HTTP only)",
    inputSchema: object({ name: { type: "string" } }, ["name"]) },
  { name: "add-tool", description: "Adds a tool of that name",
    inputSchema: object({ name: { type: "string" }, notify: { type: "boolean" } }, ["name"]) },
];
const added = new Set();
const servers = new Set();
let cancelled = 0;
let inFlight = 0;
const text = (value) => ({ content: [{ type: "text", text: String(value) }] });

function newServer() {
  const server = new Server({ name: "faulty", version: "1.0.0" }, { capabilities: { tools: { listChanged: true } } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments ?? {};
    switch (request.params.name) {
      case "echo": return text(args.text);
      case "pid": return text(process.pid);
      case "header": return text(extra.requestInfo?.headers?.[args.name] ?? "(none)");
      case "cancellations": return text(cancelled);
      case "in-flight": return text(inFlight);
      case "fail": return { content: [{ type: "text", text: "the tool failed as asked" }], isError: true };
      case "exit": console.error("faulty: exiting mid-call as asked"); process.exit(3);
      case "big": return text("x".repeat(args.chars));
      case "slow": {
        inFlight++;
        try {
          await new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, args.seconds * 1000);
            extra.signal.addEventListener("abort", () => {
              clearTimeout(timer);
              cancelled++;
              console.error(`faulty: slow call cancelled (${extra.signal.reason})`);
              reject(new Error("cancelled"));
            });
          });
        } finally {
          inFlight--;
        }
        return text(`slept ${args.seconds}s`);
      }
      case "add-tool": {
        if (!added.has(args.name)) {
          added.add(args.name);
          tools.push({ name: args.name, description: `Says it is ${args.name}`, inputSchema: object() });
          if (args.notify !== false) {
            for (const s of servers) {
              await s.sendToolListChanged();
            }
          }
        }
        return text(`added ${args.name}`);
      }
      default:
        if (added.has(request.params.name)) {
          return text(`I am ${request.params.name}`);
        }
        return { content: [{ type: "text", text: `no tool ${request.params.name}` }], isError: true };
    }
  });
  servers.add(server);
  server.onclose = () => servers.delete(server);
  return server;
}

const port = process.argv[2];
if (!port) {
  await newServer().connect(new StdioServerTransport());
  console.error(`faulty MCP server started on stdio, pid ${process.pid}`);
} else {
  const sessions = new Map();
  createServer(async (req, res) => {
    let body;
    if (req.method === "POST") {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    }
    const id = req.headers["mcp-session-id"];
    let transport = id ? sessions.get(id) : undefined;
    if (!transport) {
      if (id || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => sessions.set(sid, transport),
      });
      transport.onclose = () => sessions.delete(transport.sessionId);
      await newServer().connect(transport);
    }
    await transport.handleRequest(req, res, body);
  }).listen(Number(port), "127.0.0.1", () => console.error(`faulty MCP server listening on ${port}, pid ${process.pid}`));
}
