/**
 * A light client for receivers: {@link io.payloadoffload.client.PayloadClient} finds envelopes in
 * messages, fetches payloads over HTTP on the JDK's {@code HttpClient} and verifies them against
 * their envelopes as they stream; the fetch exceptions say what went wrong.
 */
package io.payloadoffload.client;
