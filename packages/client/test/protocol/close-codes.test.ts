// Spec §9: every Error frame text and close code maps to a class, a stable code and a retry decision.
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  BadInputError,
  NetworkError,
  ProtocolError,
  RateLimitError,
  ServerError,
  SessionExpiredError,
} from '../../src/errors.js';
import { errorFromService } from '../../src/protocol/close-codes.js';

describe('errorFromService', () => {
  it.each([
    [1008, 'Unauthorized Connection: Missing Authorization header', AuthError, 'auth_missing', false],
    [1008, 'Unauthorized Connection: Invalid API key', AuthError, 'auth_invalid', false],
    [1008, 'Unauthorized Connection: Signature has expired', AuthError, 'auth_token_expired', true],
    [1008, 'Unauthorized Connection: Insufficient balance', AuthError, 'auth_account', false],
    [1008, 'Unauthorized connection: Too many concurrent sessions', RateLimitError, 'rate_limited', true],
    [1008, undefined, AuthError, 'auth_invalid', false],
    [1009, undefined, BadInputError, 'message_too_big', false],
    [1011, undefined, ServerError, 'server_error', true],
    [1006, undefined, NetworkError, 'network', true],
    [1001, undefined, NetworkError, 'network', true],
    [1012, undefined, ServerError, 'server_error', true],
    [1013, undefined, ServerError, 'server_error', true],
    [3005, 'Session Cancelled: An error occurred', ServerError, 'server_error', true],
    [3006, 'Invalid Message Type: Bogus', BadInputError, 'invalid_message', false],
    [3006, 'User Input Validation Error: Invalid JSON: Expecting value', BadInputError, 'invalid_message', false],
    [3006, 'Invalid Message: []', BadInputError, 'invalid_message', false],
    [3006, "User Input Validation Error: Invalid 'sample_rate': Value error, sample_rate must be at least 8,000 Hz", BadInputError, 'invalid_params', false],
    [3006, 'Session terminated due to inactivity: No messages received for 5 seconds', BadInputError, 'inactivity_timeout', false],
    [3007, 'Input Duration Error: Input Duration Violation: 20.0 ms. Expected between 50 and 1000 ms', BadInputError, 'audio_chunk_duration', false],
    [3007, 'Input Duration Error: Audio Transmission Rate Exceeded: Received 20.0 sec. audio in 2.0 sec', BadInputError, 'audio_rate_exceeded', false],
    [3008, 'Session Expired: Maximum session duration exceeded', SessionExpiredError, 'session_expired', true],
    [3009, 'Unauthorized Connection: Too many concurrent sessions', RateLimitError, 'rate_limited', true],
    [4321, undefined, ProtocolError, 'protocol', false],
  ] as const)('%i %s → %s', (code, text, Class, errorCode, retriable) => {
    const err = errorFromService(code, text);
    expect(err).toBeInstanceOf(Class);
    expect(err.code).toBe(errorCode);
    expect(err.retriable).toBe(retriable);
    expect(err.closeCode).toBe(code);
    if (text) expect(err.message).toContain(text);
  });
});

describe('messages', () => {
  it('say what happened, then quote the close code and the service text', () => {
    const err = errorFromService(1008, 'Unauthorized Connection: Invalid API key');
    expect(err.message).toMatch(/^Token rejected: .*\(1008: Unauthorized Connection: Invalid API key\)$/);
    expect(errorFromService(4321, undefined).message).toMatch(/unknown close code \(4321\)$/i);
    expect(errorFromService(undefined, 'Boom').message).toMatch(/\(no code: Boom\)$/);
  });
  it('carry a cause only when one was given (none to show in logs otherwise)', () => {
    expect('cause' in errorFromService(1006, undefined)).toBe(false);
    const cause = new Error('socket');
    expect(errorFromService(1006, undefined, cause).cause).toBe(cause);
  });
});

describe('error names', () => {
  it('survive minification: each class names itself', () => {
    expect(errorFromService(3006, 'Invalid Message Type: X').name).toBe('BadInputError');
    expect(errorFromService(1008, undefined).name).toBe('AuthError');
  });
});
