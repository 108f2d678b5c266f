import type { FastifyInstance } from 'fastify';
import { demoConfig } from './catalogue';

/** Demo-mode routes; registered only when demo mode is on, so they answer 404 otherwise. */
export function registerDemoRoutes(app: FastifyInstance): void {
  app.get('/api/demo/config', async () => demoConfig());
}
