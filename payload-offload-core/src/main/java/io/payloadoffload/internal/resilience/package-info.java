/**
 * Internal: the Failsafe timeout, retry and circuit breaker around every store call, and the
 * rate-limited log of failed calls with others' error text scrubbed.
 */
package io.payloadoffload.internal.resilience;
