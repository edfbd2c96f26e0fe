import { defineTests } from "./lib/tests.ts";
import { part4 } from "./scenarios/part4.ts";

defineTests("Part 4: routing", part4);
