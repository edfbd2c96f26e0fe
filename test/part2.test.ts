import { defineTests } from "./lib/tests.ts";
import { part2 } from "./scenarios/part2.ts";

defineTests("Part 2: work queues", part2);
