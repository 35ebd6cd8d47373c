package io.payloadoffload.envelope;

import io.payloadoffload.spi.PayloadHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payloadoffload.exception.EnvelopeFormatException;
import io.payloadoffload.codec.Compression;
import java.util.Optional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class PayloadEnvelopeProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> FIELDS = List.of(EnvelopeJson.F_ID, EnvelopeJson.F_SIZE,
      EnvelopeJson.F_RETRIEVAL, EnvelopeJson.F_SESSION, EnvelopeJson.F_TOOL,
      EnvelopeJson.F_VERSION, EnvelopeJson.F_STORED_SIZE, EnvelopeJson.F_COMPRESSION,
      EnvelopeJson.F_CHECKSUM, EnvelopeJson.F_CONTENT_TYPE, EnvelopeJson.F_CREATED,
      EnvelopeJson.F_EXPIRES);

  @Provide
  Arbitrary<PayloadEnvelope> envelopes() {
    Arbitrary<String> ids = hex(32).map(h -> PayloadHeader.ID_PREFIX + h);
    Arbitrary<Long> sizes = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<String> texts = Arbitraries.strings().ofMaxLength(100);
    Arbitrary<String> checksums = Arbitraries.oneOf(hex(64).map(h -> "sha256:" + h),
        hex(8).map(h -> "crc32c:" + h));
    Arbitrary<String> contentTypes = Arbitraries.oneOf(
        Arbitraries.of("application/json", "application/octet-stream", "text/plain; charset=utf-8"),
        texts);
    Arbitrary<Instant> instants = Combinators.combine(
        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
        Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
    Arbitrary<Duration> lifetimes = Arbitraries.oneOf(Arbitraries.just(Duration.ZERO),
        Arbitraries.longs().between(0, 10L * 365 * 24 * 3600).map(Duration::ofSeconds));
    Arbitrary<Optional<String>> optionalTexts = texts.injectNull(0.3).map(Optional::ofNullable);
    Arbitrary<List<Instant>> times = Combinators.combine(instants, lifetimes).as((created, life) ->
        List.of(created, created.isAfter(Instant.MAX.minus(life)) ? Instant.MAX : created.plus(life)));
    return Combinators.combine(ids, sizes, sizes, Arbitraries.of(Compression.class), optionalTexts,
        optionalTexts, checksums.injectNull(0.3).map(Optional::ofNullable), contentTypes)
        .as((id, size, stored, compression, session, tool, checksum, type) ->
            (java.util.function.Function<List<Instant>, PayloadEnvelope>) t -> new PayloadEnvelope(id, size,
                session, tool, stored, compression, checksum, type, t.get(0), t.get(1)))
        .flatMap(make -> times.map(make));
  }

  private static Arbitrary<String> hex(int length) {
    return Arbitraries.strings().withChars("0123456789abcdef").ofLength(length);
  }

  @Property(tries = 200)
  void toJsonThenParseGivesTheSameEnvelope(@ForAll("envelopes") PayloadEnvelope e) {
    String json = e.toJson();
    PayloadEnvelope back = PayloadEnvelope.parse(json);
    assertThat(back).isEqualTo(e);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(PayloadEnvelope.parse(e.toJsonNode())).isEqualTo(e);
  }

  @Property(tries = 200)
  void isEnvelopeIsTrueForWhatToJsonWrites(@ForAll("envelopes") PayloadEnvelope e) {
    assertThat(PayloadEnvelope.isEnvelope(e.toJson())).isTrue();
    assertThat(PayloadEnvelope.isEnvelope(e.toJsonNode())).isTrue();
  }

  @Property(tries = 200)
  void anyTextEitherParsesOrRaisesOnlyEnvelopeFormatException(@ForAll String text) {
    assertParsesOrFailsCleanly(text);
    assertThat(PayloadEnvelope.isEnvelope(text)).isFalse();
  }

  @Property(tries = 200)
  void anyJsonTreeEitherParsesOrRaisesOnlyEnvelopeFormatException(@ForAll("jsonTrees") JsonNode tree) {
    assertParsesOrFailsCleanly(tree);
    assertParsesOrFailsCleanly(tree.toString());
  }

  @Property(tries = 200)
  void envelopesWithRandomlyChangedFieldsParseOrRaiseOnlyEnvelopeFormatException(
      @ForAll("envelopes") PayloadEnvelope e, @ForAll("changes") List<Change> changes) {
    ObjectNode n = e.toJsonNode();
    for (Change c : changes) {
      if (c.value == null) {
        n.remove(c.field);
      } else {
        n.set(c.field, c.value);
      }
    }
    assertParsesOrFailsCleanly(n);
    assertParsesOrFailsCleanly(n.toString());
  }

  @Property(tries = 200)
  void envelopeTextWithAnEditedCharacterParsesOrRaisesOnlyEnvelopeFormatException(
      @ForAll("envelopes") PayloadEnvelope e, @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll char c, @ForAll boolean insert) {
    String json = e.toJson();
    int pos = where % json.length();
    String edited = json.substring(0, pos) + c + json.substring(insert ? pos : pos + 1);
    assertParsesOrFailsCleanly(edited);
  }

  private static void assertParsesOrFailsCleanly(String text) {
    assertParsesOrFailsCleanly(() -> PayloadEnvelope.parse(text), () -> PayloadEnvelope.isEnvelope(text));
  }

  private static void assertParsesOrFailsCleanly(JsonNode tree) {
    assertParsesOrFailsCleanly(() -> PayloadEnvelope.parse(tree), () -> PayloadEnvelope.isEnvelope(tree));
  }

  private static void assertParsesOrFailsCleanly(Supplier<PayloadEnvelope> parse, BooleanSupplier isEnvelope) {
    assertThatCode(() -> {
      try {
        PayloadEnvelope parsed = parse.get();
        assertThat(PayloadEnvelope.parse(parsed.toJson())).isEqualTo(parsed);
      } catch (EnvelopeFormatException expected) {
        // the only failure allowed
      }
    }).doesNotThrowAnyException();
    assertThatCode(isEnvelope::getAsBoolean).doesNotThrowAnyException();
  }

  /** Sets {@code field} to {@code value}, or removes it when {@code value} is null. */
  static final class Change {
    final String field;
    final JsonNode value;

    Change(String field, JsonNode value) {
      this.field = field;
      this.value = value;
    }

    @Override
    public String toString() {
      return field + "=" + value;
    }
  }

  @Provide
  Arbitrary<List<Change>> changes() {
    Arbitrary<String> fields = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(5));
    Arbitrary<JsonNode> values = Arbitraries.oneOf(jsonTrees(), interestingValues()).injectNull(0.2);
    return Combinators.combine(fields, values).as(Change::new).list().ofMinSize(1).ofMaxSize(4);
  }

  /** Values near the valid ones: wrong types, edge numbers, near-miss strings. */
  private Arbitrary<JsonNode> interestingValues() {
    return Arbitraries.of(
        NODES.numberNode(1), NODES.numberNode(2), NODES.numberNode(0), NODES.numberNode(-1),
        NODES.numberNode(1.0), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
        NODES.numberNode(new BigInteger("18446744073709551616")), NODES.numberNode(new BigDecimal("1e400")),
        NODES.numberNode(Double.NaN), NODES.numberNode(Double.POSITIVE_INFINITY), NODES.numberNode(-0.0),
        NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode(), NODES.textNode(""),
        NODES.textNode("zstd"), NODES.textNode("GZIP"), NODES.textNode("txn_"),
        NODES.textNode("txn_" + "a".repeat(32)), NODES.textNode("sha256:" + "0".repeat(64)),
        NODES.textNode("crc32c:zzzzzzzz"), NODES.textNode("2026-11-26T20:00:00Z"),
        NODES.textNode("+1000000001-01-01T00:00:00Z"), NODES.textNode("-1000000000-01-01T00:00:00Z"),
        NODES.textNode("2026-11-26T20:00:00+18:00"), NODES.textNode("2026-11-26T20:00:00-18:01"),
        NODES.textNode("2026-11-26T23:59:60Z"), NODES.textNode("\u0000"), NODES.textNode("\ud800"),
        NODES.arrayNode(), NODES.objectNode(), NODES.pojoNode("pojo"), NODES.pojoNode(42L), NODES.binaryNode(new byte[] {1}));
  }

  @Provide
  Arbitrary<JsonNode> jsonTrees() {
    return Arbitraries.recursive(this::jsonLeaves, this::jsonContainers, 0, 4);
  }

  private Arbitrary<JsonNode> jsonLeaves() {
    return Arbitraries.oneOf(
        Arbitraries.just(NODES.nullNode()),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.integers().map(i -> NODES.numberNode(i)),
        Arbitraries.longs().map(l -> NODES.numberNode(l)),
        Arbitraries.bigIntegers().between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))
            .map(NODES::numberNode),
        Arbitraries.doubles().map(d -> NODES.numberNode(d)),
        Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
        interestingValues());
  }

  private Arbitrary<JsonNode> jsonContainers(Arbitrary<JsonNode> inner) {
    Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(8));
    Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(items -> {
      ArrayNode a = NODES.arrayNode();
      items.forEach(a::add);
      return a;
    });
    Arbitrary<JsonNode> objects = Combinators.combine(keys, inner).as(List::<Object>of).list().ofMaxSize(12)
        .map(entries -> {
          ObjectNode o = NODES.objectNode();
          entries.forEach(kv -> o.set((String) kv.get(0), (JsonNode) kv.get(1)));
          return o;
        });
    return Arbitraries.oneOf(arrays, objects);
  }
}
