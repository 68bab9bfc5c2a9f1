import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();
crons.interval("clean up messages", { hours: 1 }, internal.messages.cleanup, {});
export default crons;
