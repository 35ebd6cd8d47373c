/**
 * The service-provider interface for store authors: {@link io.payloadoffload.spi.PayloadStore} and
 * what it stores and returns ({@link io.payloadoffload.spi.PayloadHeader},
 * {@link io.payloadoffload.spi.PayloadBody}, {@link io.payloadoffload.spi.PayloadRecord},
 * {@link io.payloadoffload.spi.StoredPayload}), plus
 * {@link io.payloadoffload.spi.ForwardingPayloadStore}, a base for decorators. Applications use a
 * store; they do not call it. The testkit's {@code PayloadStoreCompatibilityKit} checks a store
 * against this contract.
 */
package io.payloadoffload.spi;
