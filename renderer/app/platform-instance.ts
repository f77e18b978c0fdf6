import { detectPlatform } from '../platform/detect-platform';

/** The platform this renderer runs on, detected once at start. */
export const platform = detectPlatform();
