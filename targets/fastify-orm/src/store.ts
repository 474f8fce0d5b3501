import { QueryOrder, type EntityManager } from "@mikro-orm/core";
import { Task as TaskEntity } from "./entity.js";
import type { TaskInput } from "./input.js";

/** A task as the API returns it (spec/openapi.yaml Task). */
export interface Task {
  id: number;
  title: string;
  description: string;
  completed: boolean;
  created_at: string;
  updated_at: string;
}

/**
 * Data access through MikroORM's Unit of Work. Every method is one request and works in its
 * own fork of the global EntityManager: a fresh identity map and unit of work, discarded
 * with the request, so nothing is cached between requests and every call reads or writes
 * the database.
 */
export class TaskStore {
  constructor(private readonly em: EntityManager) {}

  async create(input: TaskInput, now: string): Promise<Task> {
    const em = this.em.fork();
    const task = new TaskEntity(input.title, input.description, input.completed, now);
    em.persist(task);
    await em.flush(); // INSERT ... RETURNING id
    return toJson(task);
  }

  async get(id: number | bigint): Promise<Task | undefined> {
    const task = await this.em.fork().findOne(TaskEntity, id as number);
    return task ? toJson(task) : undefined;
  }

  async list(limit: number, offset: number): Promise<Task[]> {
    const tasks = await this.em.fork().find(TaskEntity, {}, { orderBy: { id: QueryOrder.ASC }, limit, offset });
    return tasks.map(toJson);
  }

  /** PUT is a full replace: all three fields are assigned, defaults included. */
  async replace(id: number | bigint, input: TaskInput, now: string): Promise<Task | undefined> {
    const em = this.em.fork();
    const task = await em.findOne(TaskEntity, id as number);
    if (!task) return undefined;
    task.title = input.title;
    task.description = input.description;
    task.completed = input.completed;
    task.updatedAt = now;
    await em.flush(); // UPDATE of the changed columns, found by the unit of work's change set
    return toJson(task);
  }

  async delete(id: number | bigint): Promise<boolean> {
    const em = this.em.fork();
    const task = await em.findOne(TaskEntity, id as number);
    if (!task) return false;
    em.remove(task);
    await em.flush();
    return true;
  }
}

function toJson(task: TaskEntity): Task {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    completed: task.completed,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
  };
}
