package io.payloadoffload;

/** The state of the circuit breaker that guards the store. */
public enum CircuitState {
  /** Calls go to the store (also the state when the breaker is disabled). */
  CLOSED,
  /** The store failed too often; calls skip it until the open duration has passed. */
  OPEN,
  /** The open duration passed; one probe call goes to the store and decides the next state. */
  HALF_OPEN
}
