import { defineTests } from "./lib/tests.ts";
import { part1 } from "./scenarios/part1.ts";

defineTests("Part 1: basic interaction", part1);
