/**
 * Micrometer metrics for payload-offload: {@link io.payloadoffload.micrometer.MicrometerOffloadListener}, an
 * {@link io.payloadoffload.OffloadListener} that publishes deliveries, sizes, latencies, failures and the
 * breaker's state, tagged with the listener's name. A module of its own, so that the core does not depend
 * on Micrometer.
 */
package io.payloadoffload.micrometer;
