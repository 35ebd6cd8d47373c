package io.payloadoffload.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One benchmark payload: a JSON document with its serialized bytes, or binary bytes alone.
 * Immutable by convention: nobody changes the array or the tree.
 *
 * @param label how the report names it, e.g. {@code 10 MiB JSON}
 * @param tree the document, or {@code null} for a binary payload
 * @param bytes the document serialized by {@link ToolOutput#MAPPER}, or the binary bytes
 */
public record Payload(String label, ObjectNode tree, byte[] bytes) {

  /**
   * Checks the parts.
   *
   * @param label how the report names it
   * @param tree the document, or {@code null} for a binary payload
   * @param bytes the serialized document or the binary bytes
   * @throws NullPointerException if the label or bytes are null
   */
  public Payload {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * A JSON payload of about {@code size} bytes.
   *
   * @param label the label
   * @param seed the generator's seed
   * @param size the wanted size in bytes
   * @return the payload
   */
  public static Payload json(String label, long seed, long size) {
    ObjectNode tree = ToolOutput.tree(seed, size);
    return new Payload(label, tree, ToolOutput.bytes(tree));
  }

  /**
   * An incompressible payload of exactly {@code size} bytes.
   *
   * @param label the label
   * @param seed the generator's seed
   * @param size the size in bytes
   * @return the payload
   */
  public static Payload binary(String label, long seed, int size) {
    return new Payload(label, null, ToolOutput.binary(seed, size));
  }

  /**
   * Whether this is a JSON document.
   *
   * @return {@code true} when {@link #tree()} is present
   */
  public boolean isJson() {
    return tree != null;
  }
}
