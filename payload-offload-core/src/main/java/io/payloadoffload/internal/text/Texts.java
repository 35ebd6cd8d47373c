package io.payloadoffload.internal.text;

/** Text helpers for messages that quote a value someone else supplied. */
public final class Texts {
  /** How many characters of a quoted value a message shows: {@value}. */
  public static final int QUOTED_CHARS = 100;

  private Texts() {}

  /**
   * A value shortened for an error message, so that a huge value cannot flood a log.
   *
   * @param s the value
   * @return {@code s} itself when it has at most {@value #QUOTED_CHARS} characters, else its first
   *     {@value #QUOTED_CHARS} characters followed by {@code "… (N characters)"}
   */
  public static String abbreviate(String s) {
    return s.length() <= QUOTED_CHARS ? s : s.substring(0, QUOTED_CHARS) + "… (" + s.length() + " characters)";
  }
}
