// The lab's sections in order, with their titles, and the scenarios of each: test/scenarios/<id>.ts
// exports an array of Scenario named after its section (`export const part2: Scenario[]`).
// The demo runs them all; a section whose file does not exist yet is listed with no scenarios.
import { existsSync } from "node:fs";
import type { Scenario } from "../lib/scenario.ts";

export type Section = {
  /** "part1" … "part5", "task1", "task2": the scenarios' `section` and `--part 2` / `--task 1` of the demo. */
  id: string;
  /** The lab's own heading (Russian) and its English translation. */
  ru: string;
  en: string;
};

export const SECTIONS: Section[] = [
  { id: "part1", ru: "1. Базовое взаимодействие между сервисами", en: "Basic interaction between services" },
  { id: "part2", ru: "2. Распределение задач по очередям", en: "Distributing tasks over queues (work queues)" },
  {
    id: "part3",
    ru: "3. Отправка сообщений в несколько очередей сразу",
    en: "Sending messages to several queues at once (publish/subscribe)",
  },
  { id: "part4", ru: "4. Использование ключа маршрутизации", en: "Using a routing key (routing)" },
  { id: "part5", ru: "5. Использование тематик для маршрутизации сообщений", en: "Routing messages by topic (topics)" },
  {
    id: "task1",
    ru: "Задание 1. Схема простейшего взаимодействия сервисов",
    en: "Task 1: the simplest interaction of services",
  },
  { id: "task2", ru: "Задание 2. Схема взаимодействия сервисов с нагрузкой", en: "Task 2: services under load" },
];

/** The scenarios of a section, or undefined when its file does not exist (yet). */
export async function scenariosOf(section: Section): Promise<Scenario[] | undefined> {
  const file = new URL(`./${section.id}.ts`, import.meta.url);
  if (!existsSync(file)) return undefined;
  const module = await import(file.href);
  const scenarios = module[section.id];
  if (!Array.isArray(scenarios)) throw new Error(`test/scenarios/${section.id}.ts exports no ${section.id} array`);
  return scenarios;
}
