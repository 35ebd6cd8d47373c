package io.payloadoffload.examples;

import java.lang.reflect.Field;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleLogger;
import org.slf4j.spi.LocationAwareLogger;

/**
 * Sets some classes' loggers to DEBUG for one test and back on close. slf4j-simple reads levels once,
 * when a logger is created, and has no API to change them; its level field is set directly instead,
 * so the test does not depend on which test class created the logger first.
 */
final class DebugLogging implements AutoCloseable {
  private final Map<SimpleLogger, Integer> previous = new IdentityHashMap<>();

  private DebugLogging(Class<?>... classes) throws ReflectiveOperationException {
    for (Class<?> c : classes) {
      SimpleLogger logger = (SimpleLogger) LoggerFactory.getLogger(c);
      previous.put(logger, level().getInt(logger));
      level().setInt(logger, LocationAwareLogger.DEBUG_INT);
    }
  }

  static DebugLogging of(Class<?>... classes) throws ReflectiveOperationException {
    return new DebugLogging(classes);
  }

  @Override
  public void close() throws ReflectiveOperationException {
    for (Map.Entry<SimpleLogger, Integer> e : previous.entrySet()) {
      level().setInt(e.getKey(), e.getValue());
    }
  }

  private static Field level() throws NoSuchFieldException {
    Field f = SimpleLogger.class.getDeclaredField("currentLogLevel");
    f.setAccessible(true);
    return f;
  }
}
