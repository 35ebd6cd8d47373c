package io.payloadoffload.exception;

import java.util.List;

/**
 * A configuration is invalid. It lists every bad setting at once, each with its name and the value
 * that was given, so one correction fixes them all. Raised when a configuration is built, never when
 * a class is loaded.
 */
public class ConfigurationException extends PayloadOffloadException {
  private static final long serialVersionUID = 1L;

  /** Every bad setting, one per entry. */
  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param problems one line per bad setting, naming it and its value; not empty
   */
  public ConfigurationException(List<String> problems) {
    super("Invalid payload-offload configuration (" + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems), null, null);
    this.problems = List.copyOf(problems);
  }

  /**
   * Every bad setting.
   *
   * @return an unmodifiable list, one entry per setting, such as
   *     {@code MESSAGE_BUS_TTL_HOURS='abc': not a number}
   */
  public List<String> problems() {
    return problems;
  }
}
