import type { Area } from './index';

export const commands: Area = {
  nb: {},
  en: {},
};
