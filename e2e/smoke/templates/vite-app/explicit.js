// The client README's "Vite, by import" row: the worklet as a URL this app controls.
import workletUrl from '@earshot/client/worklet?url&no-inline';
import { mountCaptions } from '../common/captions.js';

mountCaptions({ workletUrl });
