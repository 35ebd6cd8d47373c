/**
 * Routing: the pure, composable rules that decide whether a payload goes inline, is stored behind a
 * reference, or is rejected.
 *
 * <p>A {@link io.payloadoffload.routing.RoutingPolicy} is a deterministic function from
 * {@link io.payloadoffload.routing.PayloadFacts} (size, framed size on the transport, content type,
 * tool, session, metadata, estimated tokens, whether the store is available) to a
 * {@link io.payloadoffload.routing.RoutingDecision}. The offloader asks the same policy for every entry
 * point and does what it decides; the testkit's {@code RoutingPolicyContract} checks a policy's
 * invariants with generated facts. {@link io.payloadoffload.routing.RoutingPolicy#builder()} composes
 * the built-in rules; a policy of one's own is a lambda, usually wrapping a built one.
 */
package io.payloadoffload.routing;
