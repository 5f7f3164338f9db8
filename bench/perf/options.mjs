// What a run measures and how much, and where things are. Sizes come from the
// environment; --quick picks smaller defaults:
//
// BULK_USERS (10000), UI_BULK_USERS (10000), MEMORY_USERS (10000),
// LARGE_USERS (500000), STARTUP_RUNS (10). --quick uses 500 / 200 / 1000 /
// 50000 / 3 unless the environment says otherwise.
//
// CROSS_ORIGIN_USERS (1000): the bulk client on another origin, Retry-After hidden.
//
// BENCH_ONLY=startup,bulk runs only those parts (size, startup, roles, memory,
// bulk, cross, ui, large, password); all of them by default.

import { join } from "node:path";

export const quick = process.argv.includes("--quick");
const numberFrom = (name, normal, small) => Number(process.env[name] ?? (quick ? small : normal));
export const BULK_USERS = numberFrom("BULK_USERS", 10_000, 500);
export const UI_BULK_USERS = numberFrom("UI_BULK_USERS", 10_000, 200);
export const MEMORY_USERS = numberFrom("MEMORY_USERS", 10_000, 1_000);
export const LARGE_USERS = numberFrom("LARGE_USERS", 500_000, 50_000);
export const CROSS_ORIGIN_USERS = numberFrom("CROSS_ORIGIN_USERS", 1_000, 500);
export const STARTUP_RUNS = numberFrom("STARTUP_RUNS", 10, 3);
export const SMALL_USERS = 1_000;
export const WRITE_RATE = 20;
// Unthrottled resets that measure the tenant's own speed, and the share of it
// the bucket may use at most.
export const CAPACITY_PROBE = 60;
export const CAPACITY_SHARE = 0.6;
export const CPU_SLOWDOWN = 4;
export const BULK_CONCURRENCY = 4;
export const SEARCH = "ann";
export const ADMIN = "admin@contoso.example";

export const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",")) : null;

export const root = new URL("../..", import.meta.url).pathname;
export const out = join(root, "target", "bench");
export const site = join(out, "site");
export const widgetDist = join(root, "dist");
export const referenceDist = join(root, "bench", "reference", "dist");
export const tenantBin = join(root, "target", "release", "local-tenant");

export const startupLabel = `median of ${STARTUP_RUNS}, CPU ${CPU_SLOWDOWN}x slower`;
