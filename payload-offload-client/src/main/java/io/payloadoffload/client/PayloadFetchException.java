package io.payloadoffload.client;

import io.payloadoffload.exception.PayloadOffloadException;
import java.util.OptionalInt;

/**
 * Fetching a payload over HTTP failed for a reason the core's exceptions do not name: a status
 * without an exception of its own (500, 502, a redirect), or a transfer that failed or stalled. The
 * statuses that have one are in {@link PayloadClient}'s description; 400 and 401/403 are the
 * subclasses {@link BadFetchRequestException} and {@link UnauthorizedFetchException}.
 *
 * <p>Fetching again may succeed after a transfer failure or a 5xx status.
 */
public class PayloadFetchException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status, or 0 when no response came. */
  private final int statusCode;

  /**
   * Creates a fetch error.
   *
   * @param message what happened, which payload, and what to do; never the bearer token
   * @param payloadId the payload's transaction id
   * @param statusCode the response's HTTP status, or 0 when no response came
   * @param cause the transfer's error, or {@code null}
   */
  public PayloadFetchException(String message, String payloadId, int statusCode, Throwable cause) {
    super(message, payloadId, cause);
    this.statusCode = statusCode;
  }

  /**
   * The HTTP status of the response.
   *
   * @return the status, or empty when the request or the transfer failed before a status came
   */
  public OptionalInt statusCode() {
    return statusCode == 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }
}
