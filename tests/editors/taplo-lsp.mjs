// Drives the real language server of Even Better TOML, @taplo/lsp, as the editor does: starts it
// in a workspace folder, opens one document, asks for completions at given places and prints
// the labels it offers as JSON. tests/editors.rs runs it:
//
//   node taplo-lsp.mjs LSP_PACKAGE_DIR WORKSPACE FILE TEXT_FILE LINE:COLUMN...
//
// The document's text is read from TEXT_FILE (it need not be saved as FILE); lines and columns
// are 0-based, as in the protocol. Every request the server makes of the editor is answered as
// an editor with no settings answers it.
import fs from "node:fs";
import fsPromise from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL, fileURLToPath } from "node:url";

const [lspDir, workspace, file, textFile, ...places] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { TaploLsp } = require(path.join(lspDir, "dist/index.js"));

// Files under a folder matching a glob of `**`, `*` and literal parts (what taplo asks for).
function glob(pattern) {
  const abs = path.isAbsolute(pattern) ? pattern : path.join(process.cwd(), pattern);
  const fixed = abs.split(/[*?[{]/)[0];
  const base = fixed.endsWith("/") ? fixed : path.dirname(fixed);
  const source = abs
    .split("**/")
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"))
    .join("(?:.*/)?");
  const re = new RegExp("^" + source + "$");
  const out = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (re.test(p)) out.push(p);
    }
  };
  walk(base);
  return out;
}

const pending = new Map();
let lsp;
const send = (message) => lsp.send(message);
const request = (id, method, params) =>
  new Promise((resolve) => {
    pending.set(id, resolve);
    send({ jsonrpc: "2.0", id, method, params });
  });

lsp = await TaploLsp.initialize(
  {
    cwd: () => workspace,
    envVar: (name) => process.env[name],
    envVars: () => Object.entries(process.env),
    findConfigFile: (from) => {
      for (const name of [".taplo.toml", "taplo.toml"]) {
        const full = path.join(from, name);
        if (fs.existsSync(full)) return full;
      }
      return undefined;
    },
    glob,
    isAbsolute: (p) => path.isAbsolute(p),
    now: () => new Date(),
    readFile: (p) => fsPromise.readFile(p),
    writeFile: (p, bytes) => fsPromise.writeFile(p, bytes),
    stderr: process.stderr,
    stdErrAtty: () => false,
    stdin: process.stdin,
    stdout: process.stdout,
    urlToFilePath: (url) => fileURLToPath(url),
    isDir: (p) => {
      try {
        return fs.statSync(p).isDirectory();
      } catch {
        return false;
      }
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
  {
    onMessage(message) {
      if (message.id !== undefined && message.method === undefined) {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        if (resolve) resolve(message);
      } else if (message.id !== undefined) {
        // A request of the server's (settings, registrations): an editor with no settings.
        const result = message.method === "workspace/configuration"
          ? (message.params?.items ?? []).map(() => null)
          : null;
        send({ jsonrpc: "2.0", id: message.id, result });
      }
    },
  },
);

const root = pathToFileURL(workspace).href;
const uri = pathToFileURL(path.join(workspace, file)).href;
const text = fs.readFileSync(textFile, "utf8");
await request(1, "initialize", {
  processId: process.pid,
  rootUri: root,
  workspaceFolders: [{ uri: root, name: "work" }],
  capabilities: {
    textDocument: { completion: { completionItem: { snippetSupport: false } } },
    workspace: { configuration: true, workspaceFolders: true },
  },
});
send({ jsonrpc: "2.0", method: "initialized", params: {} });
send({
  jsonrpc: "2.0",
  method: "textDocument/didOpen",
  params: { textDocument: { uri, languageId: "toml", version: 1, text } },
});

const out = {};
let id = 2;
for (const place of places) {
  const [line, character] = place.split(":").map(Number);
  const response = await request(id++, "textDocument/completion", {
    textDocument: { uri },
    position: { line, character },
  });
  const items = response.result?.items ?? response.result ?? [];
  out[place] = items.map((item) => item.label);
}
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(0);
