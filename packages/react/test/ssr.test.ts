// Server rendering: a component using the hooks renders in Node, where there is no window, navigator or
// document, and what it renders is the idle state a user would see before pressing Start.
import { createElement, type ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { useMicrophones, useTranscriber } from '../src/index.js';
import { useHandsFree } from '../src/hands-free.js';

const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'AudioContext', 'WebSocket', 'localStorage'] as const;
const touched: string[] = [];
const saved = new Map<string, PropertyDescriptor | undefined>();

// Any read of a browser global during render is recorded (and throws, as it would on a real server).
beforeEach(() => {
  touched.length = 0;
  for (const name of BROWSER_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        throw new ReferenceError(`${name} is not defined`);
      },
    });
  }
});
afterEach(() => {
  for (const name of BROWSER_GLOBALS) {
    const d = saved.get(name);
    if (d) Object.defineProperty(globalThis, name, d);
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

function Captions(): ReactElement {
  const { state, transcript, finals, level, error } = useTranscriber({ token: '/api/token', autoStart: true });
  const { devices, permission } = useMicrophones();
  return createElement(
    'section',
    null,
    createElement('span', { id: 'state' }, state),
    createElement('span', { id: 'mics' }, `${devices.length} microphones, permission ${permission}`),
    createElement('meter', { value: level }),
    createElement('p', null, transcript || 'nothing yet'),
    createElement('ol', null, finals.map((t) => createElement('li', { key: t.turn_order }, t.transcript))),
    error ? createElement('p', { role: 'alert' }, error.message) : null,
  );
}

function HandsFreeCaptions(): ReactElement {
  const { listening, speaking, sessions, transcript } = useHandsFree({ token: '/api/token' });
  return createElement('p', null, `${listening ? 'listening' : 'off'} ${speaking ? 'speaking' : 'silent'} ${sessions} sessions: ${transcript || 'nothing yet'}`);
}

describe('server rendering', () => {
  test('useTranscriber and useMicrophones render the idle state without touching browser globals', () => {
    const html = renderToString(createElement(Captions));
    expect(touched).toEqual([]);
    expect(html).toContain('<span id="state">idle</span>');
    expect(html).toContain('0 microphones, permission unknown');
    expect(html).toContain('nothing yet');
    expect(html).not.toContain('role="alert"');
  });

  test('useHandsFree renders "off" without touching browser globals', () => {
    const html = renderToString(createElement(HandsFreeCaptions));
    expect(touched).toEqual([]);
    expect(html).toContain('off silent 0 sessions: nothing yet');
  });
});
