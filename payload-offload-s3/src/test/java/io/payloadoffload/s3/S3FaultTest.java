package io.payloadoffload.s3;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The fault scenarios on stores that build their own synchronous client. */
class S3FaultTest extends S3FaultScenarios {
  @RegisterExtension
  static final S3ProxyServer SERVER = new S3ProxyServer();

  @Override
  S3ProxyServer server() {
    return SERVER;
  }
}
