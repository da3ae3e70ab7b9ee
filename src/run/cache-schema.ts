/**
 * The shape of one cache entry, checked before it is used: a cache file is input like any other (a checkout may
 * bring one), so every field is typed, closed and bounded, which also bounds its depth.
 */
export async function cacheEntrySchema() {
  // zod costs ~100 ms to load, so only runs with --cache pay for it.
  const z = await import("zod");
  const MAX_IMPORTS = 10_000;
  const MAX_MESSAGES = 10_000;
  const MAX_TEXT = 1_000_000;
  const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
  const count = z.number().int().min(0).max(1e9);
  const name = z.string().max(1_000);
  const edit = z.strictObject({ range: z.tuple([count, count]), text: z.string().max(MAX_TEXT) });
  const messageShape = {
    ruleId: name.nullable(),
    severity: z.union([z.literal(1), z.literal(2)]),
    message: z.string().max(MAX_TEXT),
    messageId: name.optional(),
    line: count,
    column: count,
    endLine: count.optional(),
    endColumn: count.optional(),
    fatal: z.literal(true).optional(),
    fix: edit.optional(),
    suggestions: z.array(z.strictObject({ desc: z.string().max(MAX_TEXT), messageId: name.optional(), fix: edit })).max(100).optional(),
  };
  const suppression = z.strictObject({ kind: z.enum(["directive", "file"]), justification: z.string().max(MAX_TEXT) });
  return z.strictObject({
    hash: sha256,
    settings: sha256,
    imports: z.array(z.tuple([z.string().max(4_096), z.string().max(4_096), z.string().max(4_096).nullable(), sha256.nullable()])).max(MAX_IMPORTS),
    messages: z.array(z.strictObject(messageShape)).max(MAX_MESSAGES),
    suppressedMessages: z.array(z.strictObject({ ...messageShape, suppressions: z.array(suppression).max(100) })).max(MAX_MESSAGES),
  });
}
