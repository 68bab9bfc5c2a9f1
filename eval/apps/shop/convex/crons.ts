import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.daily("cancel stale orders", { hourUTC: 3, minuteUTC: 17 }, internal.orders.cancelStale, { olderThanMs: 24 * 60 * 60 * 1000 });
export default crons;
