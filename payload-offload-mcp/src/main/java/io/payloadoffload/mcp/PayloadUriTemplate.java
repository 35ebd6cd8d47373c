package io.payloadoffload.mcp;

import io.payloadoffload.spi.PayloadHeader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * A URI with one {@code {txn_id}} placeholder, such as {@code payload://{txn_id}}: it makes a
 * payload's URI from its id and finds the id in a URI again. Immutable.
 */
final class PayloadUriTemplate {
  static final String PLACEHOLDER = "{txn_id}";
  private static final String SAMPLE_ID = PayloadHeader.ID_PREFIX + "0".repeat(32);

  private final String template;
  private final String prefix;
  private final String suffix;

  private PayloadUriTemplate(String template) {
    this.template = template;
    int at = template.indexOf(PLACEHOLDER);
    this.prefix = template.substring(0, at);
    this.suffix = template.substring(at + PLACEHOLDER.length());
  }

  /**
   * Checks a template that must make absolute URIs.
   *
   * @param name the setting's name, for the message
   * @param template the template
   * @return the template
   * @throws IllegalArgumentException unless it holds {@code {txn_id}} exactly once, no other
   *     {@code {} or {@code }}, and makes an absolute URI
   */
  static PayloadUriTemplate absolute(String name, String template) {
    return of(name, template, false);
  }

  /**
   * Checks a template that makes absolute URIs or absolute paths (such as {@code /payloads/{txn_id}},
   * which a client resolves against the address it connected to).
   *
   * @param name the setting's name, for the message
   * @param template the template
   * @return the template
   * @throws IllegalArgumentException unless it holds {@code {txn_id}} exactly once, no other
   *     {@code {} or {@code }}, and makes an absolute URI or a path that starts with {@code /}
   */
  static PayloadUriTemplate absoluteOrPath(String name, String template) {
    return of(name, template, true);
  }

  private static PayloadUriTemplate of(String name, String template, boolean pathAllowed) {
    Objects.requireNonNull(template, name);
    int at = template.indexOf(PLACEHOLDER);
    String rest = at < 0 ? template : template.substring(0, at) + template.substring(at + PLACEHOLDER.length());
    if (at < 0 || rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
      throw new IllegalArgumentException(name + " must hold " + PLACEHOLDER
          + " exactly once and no other {variable}: '" + template + "'");
    }
    try {
      URI sample = new URI(template.replace(PLACEHOLDER, SAMPLE_ID));
      boolean path = pathAllowed && sample.getScheme() == null && sample.getRawAuthority() == null
          && template.startsWith("/");
      if (!sample.isAbsolute() && !path) {
        throw new IllegalArgumentException(name + " must make an absolute URI, such as payload://"
            + PLACEHOLDER + (pathAllowed ? ", or a path that starts with /" : "") + ": '" + template + "'");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " does not make a valid URI: '" + template + "': "
          + e.getReason(), e);
    }
    return new PayloadUriTemplate(template);
  }

  /** The URI of one payload. */
  String uri(String transactionId) {
    return prefix + transactionId + suffix;
  }

  /** The payload id a URI names, if it fits this template and holds a well-formed id. */
  Optional<String> transactionId(String uri) {
    if (uri == null || uri.length() <= prefix.length() + suffix.length()
        || !uri.startsWith(prefix) || !uri.endsWith(suffix)) {
      return Optional.empty();
    }
    String id = uri.substring(prefix.length(), uri.length() - suffix.length());
    return PayloadHeader.isValidId(id) ? Optional.of(id) : Optional.empty();
  }

  @Override
  public String toString() {
    return template;
  }
}
