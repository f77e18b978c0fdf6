export * from './audio';
export * from './errors';
export * from './events';
export * from './keys';
export * from './models';
export * from './openai';
export * from './routes';
export * from './system';
