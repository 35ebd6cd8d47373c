package consumer;

/** What the generated class made of the README's Quickstart does: one offload and one resolve. */
public interface QuickstartRun {

  /** The delivery mode, the text the sender put on the transport, and the bytes the receiver resolved. */
  record Result(String mode, String transportText, byte[] payload) {
  }

  /**
   * Runs the Quickstart's code with its free variables bound to these arguments.
   *
   * @throws Exception whatever the Quickstart's code throws
   */
  Result run(byte[] toolOutputBytes, String sessionId, String databaseUrl) throws Exception;
}
