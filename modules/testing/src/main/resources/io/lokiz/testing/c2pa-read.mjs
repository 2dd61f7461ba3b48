// Reads one file with the C2PA reference implementation (c2pa-rs as WebAssembly) and prints
// what it found as one JSON line: {"state", "codes", "store"} or {"error"} when no manifest is found.
// Arguments: the directory holding node_modules/@contentauth/c2pa-wasm, the media type, the file.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, mime, file] = process.argv.slice(2);
const pkg = path.join(root, 'node_modules', '@contentauth', 'c2pa-wasm', 'pkg');
const { initSync, WasmReader } = await import(pathToFileURL(path.join(pkg, 'c2pa.js')).href);
initSync({ module: fs.readFileSync(path.join(pkg, 'c2pa_bg.wasm')) });
try {
  const reader = await WasmReader.fromBytes(mime, new Uint8Array(fs.readFileSync(file)));
  const store = JSON.parse(reader.json());
  const codes = (store.validation_status ?? []).map(s => s.code);
  console.log(JSON.stringify({ state: store.validation_state, codes, store }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e) }));
}
