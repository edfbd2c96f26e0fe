import { defineTests } from "./lib/tests.ts";
import { part5 } from "./scenarios/part5.ts";

defineTests("Part 5: topics", part5);
