import { describe, expect, it } from 'vitest';
import { findingsOf, locations } from '../../../test/support/convex.js';
import { minuteFieldPinsZero, topOfHourCron as rule } from './top-of-hour-cron.js';

const HEADER = `import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";
`;

describe('top-of-hour-cron', () => {
  it('flags minuteUTC: 0 on hourly/daily/weekly/monthly, at the property', () => {
    const findings = findingsOf(rule, {
      'convex/crons.ts': `${HEADER}const crons = cronJobs();
crons.hourly("sync feeds", { minuteUTC: 0 }, internal.feeds.sync);
crons.daily("digest", {
  hourUTC: 8,
  minuteUTC: 0,
}, internal.mail.digest);
crons.weekly("report", { dayOfWeek: "monday", hourUTC: 6, minuteUTC: 0 }, internal.reports.weekly);
crons.monthly("invoice", { day: 1, hourUTC: 0, minuteUTC: 0 as const }, internal.billing.invoice);
export default crons;
`,
    });
    expect(locations(findings)).toEqual(['convex/crons.ts:4 info', 'convex/crons.ts:7 info', 'convex/crons.ts:9 info', 'convex/crons.ts:10 info']);
    expect(findings[0].message).toBe('Cron "sync feeds" runs at minute 0 (:00 UTC), the busiest minute of the hour');
    expect(findings[0].column).toBe(30);
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/scheduling/cron-jobs');
    expect(findings[0].fix).toBeUndefined();
  });

  it('flags cron expressions whose minute field is 0 or anchored at 0, at the expression', () => {
    const findings = findingsOf(rule, {
      'convex/crons.ts': `${HEADER}const crons = cronJobs();
crons.cron("hourly", "0 * * * *", internal.a.run);
crons.cron("nightly", \`0 3 * * *\`, internal.a.run);
crons.cron("twice", "0,30 * * * *", internal.a.run);
crons.cron("half", "0/30 * * * *", internal.a.run);
crons.cron("spread", "17 * * * *", internal.a.run);
crons.cron("every quarter", "*/15 * * * *", internal.a.run);
crons.cron("six fields", "0 0 * * * *", internal.a.run);
export default crons;
`,
    });
    expect(locations(findings)).toEqual(['convex/crons.ts:4 info', 'convex/crons.ts:5 info', 'convex/crons.ts:6 info', 'convex/crons.ts:7 info']);
    expect(findings[0].column).toBe(22);
    expect(findings[0].detail).toContain('crons.interval');
  });

  it('leaves other minutes, omitted minutes and intervals alone', () => {
    const findings = findingsOf(rule, {
      'convex/crons.ts': `${HEADER}const crons = cronJobs();
crons.hourly("a", { minuteUTC: 7 }, internal.a.run);
crons.hourly("b", {}, internal.a.run);
crons.hourly("c", internal.a.run);
crons.daily("d", { hourUTC: 0, minuteUTC: 30 }, internal.a.run);
crons.interval("e", { hours: 1 }, internal.a.run);
export default crons;
`,
    });
    expect(findings).toEqual([]);
  });

  it('sees through an aliased or namespace cronJobs, crons from another file, and module-scope constants', () => {
    const findings = findingsOf(rule, {
      'convex/lib/schedule.ts': `import { cronJobs as makeCrons } from "convex/server";
export const crons = makeCrons();
`,
      'convex/crons.ts': `import * as server from "convex/server";
import { internal } from "./_generated/api";
import { crons } from "./lib/schedule";
const TOP = 0;
const EVERY_HOUR = "0 * * * *";
const nightly = { hourUTC: 2, minuteUTC: TOP };
crons.daily("cleanup", nightly, internal.a.run);
crons.cron("ping", EVERY_HOUR, internal.a.run);
const other = server.cronJobs();
other.hourly("x", { minuteUTC: TOP }, internal.a.run);
export default crons;
`,
    });
    expect(locations(findings)).toEqual(['convex/crons.ts:6 info', 'convex/crons.ts:8 info', 'convex/crons.ts:10 info']);
  });

  it('leaves objects that are not Convex cron jobs alone', () => {
    const findings = findingsOf(rule, {
      'convex/jobs.ts': `import { Scheduler } from "./lib/scheduler";
const scheduler = new Scheduler();
scheduler.hourly("x", { minuteUTC: 0 }, () => null);
scheduler.cron("y", "0 * * * *", () => null);
export const s = scheduler;
`,
    });
    expect(findings).toEqual([]);
  });

  it('suggests leaving minuteUTC out only when the convex version allows it', () => {
    const crons = `${HEADER}const crons = cronJobs();
crons.hourly("sync", { minuteUTC: 0 }, internal.a.run);
export default crons;
`;
    const recent = findingsOf(rule, { 'package.json': JSON.stringify({ dependencies: { convex: '^1.44.0' } }), 'convex/crons.ts': crons });
    expect(recent[0].detail).toContain('Leave `minuteUTC` out');
    const old = findingsOf(rule, { 'package.json': JSON.stringify({ dependencies: { convex: '^1.30.0' } }), 'convex/crons.ts': crons });
    expect(old[0].detail).toContain('Set an off-peak minute');
  });

  it('skips tests and honours suppressions', () => {
    const findings = findingsOf(rule, {
      'convex/crons.test.ts': `${HEADER}const crons = cronJobs();
crons.hourly("t", { minuteUTC: 0 }, internal.a.run);
`,
      'convex/crons.ts': `${HEADER}const crons = cronJobs();
// convex-review-disable-next-line top-of-hour-cron -- the partner API resets its quota at :00
crons.hourly("quota", { minuteUTC: 0 }, internal.a.run);
export default crons;
`,
    });
    expect(findings).toEqual([]);
  });

  it('reads minute fields', () => {
    expect(['0', '00', '0-5', '0/30', '15,0', '0,30'].every(minuteFieldPinsZero)).toBe(true);
    expect(['*', '*/15', '10', '10-20', '30/0', '5,10'].some(minuteFieldPinsZero)).toBe(false);
  });
});
