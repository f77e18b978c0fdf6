export * from './errors';
export * from './events';
export * from './keys';
export * from './openai';
export * from './routes';
export * from './system';
