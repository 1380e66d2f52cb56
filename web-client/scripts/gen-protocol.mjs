// Generates src/generated/protocol.ts from the wire contract, src/protocol/*.schema.json: the message types
// the client sends and receives come from one source (the server checks its own types against the same
// schemas in SchemaDriftTest). Run by every build and test (vite.config.ts calls it); not checked in.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', 'src', 'protocol');
const out = join(here, '..', 'src', 'generated', 'protocol.ts');

const pascal = (s) => s.replace(/(^|[-_])([a-z])/g, (_, __, c) => c.toUpperCase());

function tsType(schema, defsName) {
  if (!schema || schema === true) return 'unknown';
  if (schema.$ref) return defsName(schema.$ref.replace('#/$defs/', ''));
  if ('const' in schema) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.oneOf) return schema.oneOf.map((s) => tsType(s, defsName)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((t) => tsType({ ...schema, type: t }, defsName)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `(${tsType(schema.items, defsName)})[]`;
    case 'object': {
      if (!schema.properties) {
        return schema.additionalProperties ? `Record<string, ${tsType(schema.additionalProperties, defsName)}>` : 'Record<string, unknown>';
      }
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties).map(
        ([k, v]) => `${JSON.stringify(k)}${required.has(k) ? '' : '?'}: ${tsType(v, defsName)};`,
      );
      return `{ ${fields.join(' ')} }`;
    }
    default:
      return 'unknown';
  }
}

export function generate() {
  const client = JSON.parse(readFileSync(join(root, 'client-message.schema.json'), 'utf8'));
  const server = JSON.parse(readFileSync(join(root, 'server-message.schema.json'), 'utf8'));
  const lines = [
    '// Generated from src/protocol/*.schema.json by scripts/gen-protocol.mjs. Do not edit.',
    '/* eslint-disable */',
    '',
  ];
  const connection = new Set(['hello', 'ping', 'resync', 'typing']);
  const commands = client.properties.type.enum.filter((t) => !connection.has(t));
  const messageTypes = new Set(client.properties.type.enum);
  const clientName = (d) => (messageTypes.has(d) ? `${pascal(d)}Message` : `Client${pascal(d)}`);
  for (const [name, def] of Object.entries(client.$defs)) {
    lines.push(`export type ${clientName(name)} = ${tsType(def, clientName)};`);
  }
  lines.push(`export type CommandType = ${commands.map((c) => JSON.stringify(c)).join(' | ')};`);
  lines.push(`export type CommandMessageOf = ${commands.map((c) => clientName(c)).join(' | ')};`);
  lines.push('/** A command as the UI builds it; the connection adds the commandId. */');
  lines.push(`export type CommandBodyOf = ${commands.map((c) => `Omit<${clientName(c)}, 'commandId'>`).join(' | ')};`);
  const serverName = (d) => `Wire${pascal(d)}`;
  for (const [name, def] of Object.entries(server.$defs)) {
    lines.push(`export type ${serverName(name)} = ${tsType(def, serverName)};`);
  }
  const events = server.$defs.event.oneOf.map((r) => server.$defs[r.$ref.replace('#/$defs/', '')].properties.type.const);
  lines.push(`export type EventType = ${events.map((c) => JSON.stringify(c)).join(' | ')};`);
  lines.push(`export type ErrorCode = ${server.$defs['msg-error'].properties.code.enum.map((c) => JSON.stringify(c)).join(' | ')};`);
  lines.push(`export const ERROR_CODES: readonly ErrorCode[] = ${JSON.stringify(server.$defs['msg-error'].properties.code.enum)};`);
  lines.push(`export const COMMAND_TYPES: readonly CommandType[] = ${JSON.stringify(commands)};`);
  lines.push(`export const EVENT_TYPES: readonly EventType[] = ${JSON.stringify(events)};`);
  const text = lines.join('\n') + '\n';
  mkdirSync(dirname(out), { recursive: true });
  let old = '';
  try {
    old = readFileSync(out, 'utf8');
  } catch {
    // first run
  }
  if (old !== text) writeFileSync(out, text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) generate();
