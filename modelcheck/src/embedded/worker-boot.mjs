// Worker entry: plain JavaScript so that Node can start it without a loader;
// it registers tsx and hands over to the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
