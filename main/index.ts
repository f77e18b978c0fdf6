// Entry of the Electron main process (out/main/index.js, package.json "main").
import { runConsole } from './app/console-app';

runConsole();
