/** @earshot/react/hands-free — `useHandsFree`, over @earshot/vad (an optional peer of @earshot/react). */
export { useHandsFree, type UseHandsFreeOptions, type UseHandsFreeResult } from './use-hands-free.js';
