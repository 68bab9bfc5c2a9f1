import { query, mutation, internalMutation } from "./_generated/server";
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { requireUser } from "./lib/auth";

export const list = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) => {
    const user = await requireUser(ctx);
    return await ctx.db
      .query("notes")
      .withIndex("by_owner_and_archived", (q) => q.eq("ownerId", user._id).eq("archived", false))
      .order("desc")
      .paginate(paginationOpts);
  },
});

export const get = query({
  args: { noteId: v.id("notes") },
  handler: async (ctx, { noteId }) => {
    const user = await requireUser(ctx);
    const note = await ctx.db.get("notes", noteId);
    if (!note) return null;
    if (note.ownerId !== user._id) {
      const share = await ctx.db
        .query("shares")
        .withIndex("by_note_and_user", (q) => q.eq("noteId", noteId).eq("userId", user._id))
        .first();
      if (!share) return null;
    }
    return note;
  },
});

export const create = mutation({
  args: { title: v.string(), body: v.string() },
  handler: async (ctx, { title, body }) => {
    const user = await requireUser(ctx);
    return await ctx.db.insert("notes", { ownerId: user._id, title, body, archived: false });
  },
});

export const update = mutation({
  args: { noteId: v.id("notes"), title: v.string(), body: v.string() },
  handler: async (ctx, { noteId, title, body }) => {
    const user = await requireUser(ctx);
    const note = await ctx.db.get("notes", noteId);
    if (!note) throw new Error("Note not found");
    if (note.ownerId !== user._id) throw new Error("Not your note");
    await ctx.db.patch("notes", noteId, { title, body });
  },
});

export const remove = mutation({
  args: { noteId: v.id("notes") },
  handler: async (ctx, { noteId }) => {
    const user = await requireUser(ctx);
    const note = await ctx.db.get("notes", noteId);
    if (!note) return;
    if (note.ownerId !== user._id) throw new Error("Not your note");
    const shares = await ctx.db
      .query("shares")
      .withIndex("by_note_and_user", (q) => q.eq("noteId", noteId))
      .take(100);
    for (const share of shares) {
      await ctx.db.delete("shares", share._id);
    }
    await ctx.db.delete("notes", noteId);
  },
});

export const archiveBatch = internalMutation({
  args: { ownerId: v.id("users") },
  handler: async (ctx, { ownerId }) => {
    const batch = await ctx.db
      .query("notes")
      .withIndex("by_owner_and_archived", (q) => q.eq("ownerId", ownerId).eq("archived", false))
      .take(100);
    for (const note of batch) {
      await ctx.db.patch("notes", note._id, { archived: true });
    }
    return batch.length;
  },
});
