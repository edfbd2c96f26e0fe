import { defineTests } from "./lib/tests.ts";
import { part3 } from "./scenarios/part3.ts";

defineTests("Part 3: publish/subscribe", part3);
