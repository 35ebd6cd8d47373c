/**
 * The claim-check API: {@link io.payloadoffload.PayloadOffloader} routes each payload inline or to a
 * {@link io.payloadoffload.spi.PayloadStore} behind a small envelope, and
 * {@link io.payloadoffload.PayloadResolver} turns the envelope back into the verified bytes.
 *
 * <p>Also here: {@link io.payloadoffload.OffloadConfig} (every setting, immutable),
 * {@link io.payloadoffload.OffloadContext}, {@link io.payloadoffload.Delivery},
 * {@link io.payloadoffload.PayloadStream}, {@link io.payloadoffload.StoredBytesStream},
 * {@link io.payloadoffload.PayloadVerifier}, the listeners,
 * {@link io.payloadoffload.InMemoryPayloadStore}, {@link io.payloadoffload.ExpirySweeper}, and the
 * exceptions, all rooted at the unchecked {@link io.payloadoffload.exception.PayloadOffloadException}. Everything
 * under {@code io.payloadoffload.internal} is implementation and may change in any release.
 */
package io.payloadoffload;

import io.payloadoffload.exception.PayloadOffloadException;
