import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({
    name: v.string(),
    email: v.string(),
    tokenIdentifier: v.string(),
  }).index("by_token", ["tokenIdentifier"]),

  notes: defineTable({
    ownerId: v.id("users"),
    title: v.string(),
    body: v.string(),
    archived: v.boolean(),
    pinned: v.optional(v.boolean()),
  })
    .index("by_owner_and_archived", ["ownerId", "archived"])
    .searchIndex("search_body", { searchField: "body", filterFields: ["ownerId"] }),

  shares: defineTable({
    noteId: v.id("notes"),
    userId: v.id("users"),
  })
    .index("by_note_and_user", ["noteId", "userId"])
    .index("by_user", ["userId"]),
});
