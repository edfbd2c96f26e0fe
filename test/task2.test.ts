import { defineTests } from "./lib/tests.ts";
import { task2 } from "./scenarios/task2.ts";

defineTests("Task 2: a shared work queue behind each variant's exchange", task2);
