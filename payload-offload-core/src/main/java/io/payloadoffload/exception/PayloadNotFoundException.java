package io.payloadoffload.exception;

/**
 * No payload with this id is visible to the requester. This is also the answer when the payload
 * exists but belongs to another session, so the error never reveals whether an id exists.
 */
public class PayloadNotFoundException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param payloadId the id that was asked for
   */
  public PayloadNotFoundException(String payloadId) {
    super("Payload " + payloadId + " was not found: it never existed, was deleted, was swept after"
        + " expiry, or belongs to another session. Ask the sender to send it again.", payloadId, null);
  }
}
