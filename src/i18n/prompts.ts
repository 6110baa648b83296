import type { Area } from './index';

export const prompts: Area = {
  nb: {},
  en: {},
};
