/** Internal: the Failsafe timeout, retry and circuit breaker around every store call. */
package io.payloadoffload.internal.resilience;
