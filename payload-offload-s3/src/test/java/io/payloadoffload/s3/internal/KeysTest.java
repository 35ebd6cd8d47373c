package io.payloadoffload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The expiry markers sort by hour, and a sweep's bound splits them at the hour of now. */
class KeysTest {
  private static final String ID = "txn_0123456789abcdef0123456789abcdef";
  private final Keys keys = new Keys("p/");

  @Test
  void theSweepBoundIsAfterEveryMarkerOfTheHourOfNowAndBeforeTheNextHour() {
    Instant now = Instant.parse("2026-03-01T10:15:00Z");
    String bound = keys.expiryBound(now);

    assertThat(keys.expiryMarker(ID, Instant.parse("2026-03-01T09:59:59Z"))).isLessThan(bound);
    assertThat(keys.expiryMarker(ID, Instant.parse("2026-03-01T10:59:59Z"))).isLessThan(bound);
    assertThat(keys.expiryMarker(ID, Instant.parse("2026-03-01T11:00:00Z"))).isGreaterThan(bound);
    assertThat(keys.expiryMarker(ID, Instant.parse("2027-01-01T00:00:00Z"))).isGreaterThan(bound);
  }

  @Test
  void theIdAloneFindsTheRecordAndAMarkerNamesItsId() {
    assertThat(keys.record(ID)).isEqualTo("p/records/" + ID);
    assertThat(keys.idOfMarker(keys.expiryMarker(ID, Instant.EPOCH))).contains(ID);
    assertThat(keys.newData(ID)).startsWith(keys.dataPrefix(ID)).isNotEqualTo(keys.newData(ID));
  }
}
