// Imported first by each command-line tool: the settings in the project's .env (cp .env.example .env)
// reach the CLIs as they reach npm start (src/start.ts); a variable already set wins.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../db/target.js';

const envFile = path.join(projectRoot, '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);
