import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
import { query } from "../_generated/server";
import { requireUser } from "../model/users";

/** A query builder that signs the user in first: functions built on it are checked. */
export const authedQuery = customQuery(
  query,
  customCtx(async (ctx) => ({ user: await requireUser(ctx) })),
);
