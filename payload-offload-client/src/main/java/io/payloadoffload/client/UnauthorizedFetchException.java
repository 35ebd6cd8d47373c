package io.payloadoffload.client;

/**
 * The fetch endpoint answered 401 or 403: it did not accept the bearer token for this payload.
 * Fetching again with the same token will not help; send the token of the session the payload was
 * sent to. The message never holds the token.
 */
public class UnauthorizedFetchException extends PayloadFetchException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what happened and what to do, with the start of the server's answer
   * @param payloadId the payload's transaction id
   * @param statusCode 401 or 403
   */
  public UnauthorizedFetchException(String message, String payloadId, int statusCode) {
    super(message, payloadId, statusCode, null);
  }
}
