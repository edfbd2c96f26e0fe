import { defineTests } from "./lib/tests.ts";
import { task1 } from "./scenarios/task1.ts";

defineTests("Task 1: the queue <group>_<surname>, three variants", task1);
