package io.payloadoffload.client;

/**
 * The fetch endpoint answered 400: it found the request malformed (in the example server, a
 * transaction id that is not {@code txn_} and 32 lowercase hex digits). Fetching again will not help;
 * check the envelope and the client's fetch address.
 */
public class BadFetchRequestException extends PayloadFetchException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what happened and what to do, with the start of the server's answer
   * @param payloadId the payload's transaction id
   */
  public BadFetchRequestException(String message, String payloadId) {
    super(message, payloadId, 400, null);
  }
}
