/** Writes src/generated/protocol.ts from src/protocol/*.schema.json. */
export function generate(): void;
