import type { Area } from './index';

export const digest: Area = {
  nb: {},
  en: {},
};
