/**
 * Test support for store and policy authors: {@link io.payloadoffload.testkit.PayloadStoreCompatibilityKit}
 * (extend it to run the store contract against your store),
 * {@link io.payloadoffload.testkit.RoutingPolicyContract} and
 * {@link io.payloadoffload.testkit.RoutingArbitraries} (check a routing policy's invariants with
 * generated facts), and {@link io.payloadoffload.testkit.CapturedOutput} (assert what reaches logs).
 */
package io.payloadoffload.testkit;
