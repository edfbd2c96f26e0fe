// The lab's sections in order, with their titles and their scenarios: what the demo runs.
import type { Scenario } from "../lib/scenario.ts";
import { part1 } from "./part1.ts";
import { part2 } from "./part2.ts";
import { part3 } from "./part3.ts";
import { part4 } from "./part4.ts";
import { part5 } from "./part5.ts";
import { task1 } from "./task1.ts";
import { task2 } from "./task2.ts";

export type Section = {
  /** "part1" … "part5", "task1", "task2": the scenarios' `section` and `--part 2` / `--task 1` of the demo. */
  id: string;
  /** The lab's own heading (Russian) and its English translation. */
  ru: string;
  en: string;
  scenarios: Scenario[];
};

export const SECTIONS: Section[] = [
  {
    id: "part1",
    ru: "1. Базовое взаимодействие между сервисами",
    en: "Basic interaction between services",
    scenarios: part1,
  },
  {
    id: "part2",
    ru: "2. Распределение задач по очередям",
    en: "Distributing tasks over queues (work queues)",
    scenarios: part2,
  },
  {
    id: "part3",
    ru: "3. Отправка сообщений в несколько очередей сразу",
    en: "Sending messages to several queues at once (publish/subscribe)",
    scenarios: part3,
  },
  { id: "part4", ru: "4. Использование ключа маршрутизации", en: "Using a routing key (routing)", scenarios: part4 },
  {
    id: "part5",
    ru: "5. Использование тематик для маршрутизации сообщений",
    en: "Routing messages by topic (topics)",
    scenarios: part5,
  },
  {
    id: "task1",
    ru: "Задание 1. Схема простейшего взаимодействия сервисов",
    en: "Task 1: the simplest interaction of services",
    scenarios: task1,
  },
  {
    id: "task2",
    ru: "Задание 2. Схема взаимодействия сервисов с нагрузкой",
    en: "Task 2: services under load",
    scenarios: task2,
  },
];
