import type { Area } from './index';

export const report: Area = {
  nb: {},
  en: {},
};
