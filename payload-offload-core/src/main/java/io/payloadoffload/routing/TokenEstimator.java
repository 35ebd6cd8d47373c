package io.payloadoffload.routing;

/**
 * Estimates how many tokens a payload costs a language model, from what is known before reading it.
 * Implementations must be pure and thread-safe.
 */
@FunctionalInterface
public interface TokenEstimator {
  /** Bytes per token of the default estimator: {@value}, a common rule of thumb for English text and JSON. */
  double DEFAULT_BYTES_PER_TOKEN = 4.0;

  /**
   * Estimates the tokens of a payload.
   *
   * @param sizeBytes the payload's size
   * @param contentType its content type, never null
   * @return the estimated token count, at least 0
   */
  long estimate(long sizeBytes, String contentType);

  /**
   * An estimator that divides the size by a fixed number of bytes per token, rounding up.
   *
   * @param bytesPerToken bytes per token, greater than 0 and finite
   * @return the estimator
   * @throws IllegalArgumentException if {@code bytesPerToken} is not positive and finite
   */
  static TokenEstimator bytesPerToken(double bytesPerToken) {
    if (!(bytesPerToken > 0) || Double.isInfinite(bytesPerToken)) {
      throw new IllegalArgumentException("bytesPerToken must be > 0 and finite: " + bytesPerToken);
    }
    return (sizeBytes, contentType) -> (long) Math.ceil(sizeBytes / bytesPerToken);
  }

  /**
   * The default estimator: {@value #DEFAULT_BYTES_PER_TOKEN} bytes per token.
   *
   * @return the estimator
   */
  static TokenEstimator defaultEstimator() {
    return bytesPerToken(DEFAULT_BYTES_PER_TOKEN);
  }
}
